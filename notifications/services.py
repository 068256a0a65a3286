"""Paging people and queueing messages: rows written in the caller's transaction,
sent by a Celery task after commit (see delivery.py), swept if a message is lost."""

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from incidents.models import Incident

from .chain import Stage, chain_rows, create_stage
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


def _start_chain(*, key: str, stages: Sequence[Stage], **fields: Any) -> list[Notification]:
    existing = _existing_chain(key)
    if existing:
        return existing
    try:
        with transaction.atomic():
            create_stage(
                root_key=key,
                root=None,
                stage=0,
                entries=stages[0],
                remaining=stages[1:],
                now=timezone.now(),
                **fields,
            )
    except IntegrityError:
        pass  # a concurrent call with the same key got there first; return its rows
    return _existing_chain(key)


def notification_enqueue(
    *,
    incident: Incident,
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
    rows = _start_chain(
        key=key,
        stages=stages,
        incident=incident,
        user=user,
        subject=subject,
        body=body,
        reason=reason,
    )
    return rows[0]
