"""Paging people and queueing messages: rows written in the caller's transaction,
sent by a Celery task after commit (see delivery.py), swept if a message is lost."""

from typing import Any

from incidents.models import Incident

from .chain import ChainStart, Stage, chain_rows, start_chains_once
from .delivery import notification_deliver
from .models import Channel, Notification
from .paging import PageRequest, page_people, page_person, person_address

__all__ = [
    "PageRequest",
    "person_address",
    "notification_deliver",
    "notification_enqueue",
    "page_people",
    "page_person",
]


def _existing_chain(key: str) -> list[Notification]:
    root = Notification.objects.filter(key=key, root__isnull=True).only("pk").first()
    return chain_rows(root.pk) if root else []


def notification_enqueue(
    *,
    incident: Incident | None,
    channel: str,
    address: str,
    subject: str,
    body: str,
    reason: str,
    key: str,
    user: Any = None,
    fallbacks: list[tuple[str, str]] | None = None,
) -> Notification:
    """Queue one message; each fallback (channel, address) is tried in turn if it fails."""
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}")
    stages: list[Stage] = [[(channel, address)]]
    stages += [[(c, a)] for c, a in (fallbacks or [])]
    if not _existing_chain(key):
        # None: a concurrent call with the same key got there first; return its rows.
        start_chains_once([ChainStart(incident, user, subject, body, reason, key, stages)])
    return _existing_chain(key)[0]
