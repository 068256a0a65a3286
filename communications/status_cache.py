"""The public status page is served from Django's cache; publishing clears it."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

TTL_SECONDS = 60  # a safety net; publishing clears the page at once


def status_page_key(language: str) -> str:
    return f"communications:status_page:{language}"


def invalidate_status_page() -> None:
    keys = [status_page_key(code) for code, _name in settings.LANGUAGES]
    transaction.on_commit(lambda: cache.delete_many(keys))
