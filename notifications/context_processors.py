from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from . import devinbox


def dev_inbox(request: HttpRequest) -> dict[str, Any]:
    """The menu's "Dev inbox" entry, on a DEBUG install only."""
    user = getattr(request, "user", None)
    if not (devinbox.active() and user is not None and user.is_authenticated):
        return {}
    return {"dev_inbox_url": reverse("notifications:dev_inbox")}
