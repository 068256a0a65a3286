"""The development inbox: on a DEBUG install with no provider configured, Slack, SMS and
voice messages are not failed but "delivered" here, and listed on a page (menu: Dev inbox)
with their channel, recipient, text and the link they carry. Email goes through Django's
mail backend (the console of `make run` by default)."""

import re
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from incidents.models import Incident

from .links import outgoing_body
from .models import Notification

_LINK = re.compile(r"https?://[^\s<>\"')]+")
PAGE_SIZE = 200


def active() -> bool:
    """On in DEBUG unless NOTIFICATION_DEV_INBOX is false (never in production)."""
    return bool(settings.DEBUG and getattr(settings, "NOTIFICATION_DEV_INBOX", True))


def link_in(text: str) -> str:
    found = _LINK.search(text or "")
    return found.group(0) if found else ""


def inbox(user: Any) -> list[Notification]:
    """The latest messages of the incidents this user may see, newest first."""
    rows: QuerySet[Notification] = (
        Notification.objects.filter(incident__in=Incident.objects.visible_to(user))
        .select_related("incident", "user")
        .order_by("-created_at", "-id")[:PAGE_SIZE]
    )
    messages = list(rows)
    for message in messages:
        message.text = outgoing_body(message)  # type: ignore[attr-defined]  # as sent
        message.link = link_in(message.body)  # type: ignore[attr-defined]  # the incident's
    return messages
