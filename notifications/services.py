"""Paging people and queueing messages: rows written in the caller's transaction,
sent by a Celery task after commit (see delivery.py), swept if a message is lost."""

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from incidents.models import Incident

from .chain import Stage, chain_rows, create_stage
from .delivery import notification_deliver
from .messages import page_message
from .models import Channel, Notification
from .paging import PageRequest, page_people, person_address, person_stages

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


def page_person(*, incident: Incident, user: Any, reason: str, key: str) -> list[Notification]:
    """Page one person about an incident through the playbook's channel order.

    Slack (mentioning their handle in the alerts channel) first, then email + SMS,
    then a voice call; each stage starts when every message of the previous one
    failed after its retries, or at once when the person has no address for it.
    Idempotent on `key`: a second call returns the existing rows. Call it inside the
    caller's transaction; delivery is queued with transaction.on_commit.
    """
    stages = person_stages(user)
    subject, body = page_message(incident=incident, user=user, reason=reason)
    return _start_chain(
        key=key,
        stages=stages,
        incident=incident,
        user=user,
        subject=subject,
        body=body,
        reason=reason,
    )


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
