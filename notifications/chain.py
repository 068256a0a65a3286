"""Creating the rows of one fallback stage, and moving on to the next stage."""

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from incidents.models import Incident
from incidents.selectors import display_name
from incidents.services import timeline_append

from . import events
from .dispatch import dispatch
from .models import Channel, Notification, NotificationStatus

Entry = Sequence[str]  # (channel, address)
Stage = Sequence[Entry]

NO_ADDRESS: dict[str, str] = {
    Channel.EMAIL: "no email address",
    Channel.SLACK: "no Slack handle",
    Channel.SMS: "no phone number",
    Channel.VOICE: "no phone number",
}


def needs_address(channel: str, user: Any) -> bool:
    """A Slack post without a mention is fine for a channel post, not for paging a person."""
    return channel != Channel.SLACK or user is not None


def stage_key(root_key: str, stage: int, index: int, channel: str) -> str:
    if stage == 0 and index == 0:
        return root_key
    return f"{root_key}:s{stage}.{index}:{channel}"


def event_data(row: Notification, **extra: Any) -> dict[str, Any]:
    data = {
        "notification": row.pk,
        "user": display_name(row.user) if row.user_id else "",
        "channel": row.channel,
        "reason": row.reason,
        "stage": row.stage,
    }
    data.update(extra)
    return data


def chain_rows(root_id: int) -> "list[Notification]":
    return list(
        Notification.objects.filter(Q(pk=root_id) | Q(root_id=root_id))
        .select_related("incident", "user")
        .order_by("stage", "id")
    )


def stage_row(
    *,
    incident: Incident | None,
    user: Any,
    subject: str,
    body: str,
    reason: str,
    key: str,
    root: Notification | None,
    stage: int,
    channel: str,
    address: str,
    remaining: Sequence[Stage],
    now: datetime,
) -> Notification:
    """One unsaved row of a stage: queued, or failed at once when there is no address."""
    row = Notification(
        incident=incident,
        user=user,
        channel=channel,
        address=address or "",
        subject=subject,
        body=body,
        reason=reason,
        key=key,
        root=root,
        stage=stage,
        fallbacks=[[list(e) for e in s] for s in remaining],
        max_attempts=settings.NOTIFICATION_MAX_ATTEMPTS,
        created_at=now,
        next_attempt_at=now,
    )
    if needs_address(channel, user) and not address:
        row.status = NotificationStatus.FAILED
        row.next_attempt_at = None
        row.last_error = NO_ADDRESS.get(channel, "no address")
    return row


def create_stage(
    *,
    incident: Incident | None,
    user: Any,
    subject: str,
    body: str,
    reason: str,
    root_key: str,
    root: Notification | None,
    stage: int,
    entries: Stage,
    remaining: Sequence[Stage],
    now: datetime,
) -> list[Notification]:
    """Write one stage's rows (queued, or failed at once when there is no address)."""
    rows: list[Notification] = []
    for index, (channel, address) in enumerate(entries):
        key = stage_key(root_key, stage, index, channel)
        existing = Notification.objects.filter(key=key).first()
        if existing is not None:
            rows.append(existing)
            continue
        row = stage_row(
            incident=incident,
            user=user,
            subject=subject,
            body=body,
            reason=reason,
            key=key,
            root=root,
            stage=stage,
            channel=channel,
            address=address,
            remaining=remaining,
            now=now,
        )
        unreachable = row.status == NotificationStatus.FAILED
        row.save()
        root = root or row
        rows.append(row)
        if unreachable and incident is not None:
            timeline_append(
                incident=incident,
                kind=events.PAGE_FAILED,
                at=now,
                data=event_data(row, attempt=0, error=row.last_error, final=True),
            )
        else:
            transaction.on_commit(partial(dispatch, row.pk))
    if rows and all(r.status == NotificationStatus.FAILED for r in rows):
        fall_back(rows, now=now)
    return rows


def fall_back(stage_rows: list[Notification], *, now: datetime) -> list[Notification]:
    """Every row of a stage failed: mark them superseded and start the next stage."""
    first = stage_rows[0]
    if not first.fallbacks:
        return []
    next_entries, *later = first.fallbacks
    Notification.objects.filter(pk__in=[r.pk for r in stage_rows]).update(
        status=NotificationStatus.SUPERSEDED
    )
    for r in stage_rows:
        r.status = NotificationStatus.SUPERSEDED
    if first.root_id is None:
        root, root_key = first, first.key
    else:
        root = Notification.objects.only("key").get(pk=first.root_id)
        root_key = root.key
    if first.incident is not None:
        timeline_append(
            incident=first.incident,
            kind=events.PAGE_FALLBACK,
            at=now,
            data=event_data(
                first,
                channels_from=[r.channel for r in stage_rows],
                channels_to=[entry[0] for entry in next_entries],
            ),
        )
    return create_stage(
        incident=first.incident,
        user=first.user,
        subject=first.subject,
        body=first.body,
        reason=first.reason,
        root_key=root_key,
        root=root,
        stage=first.stage + 1,
        entries=next_entries,
        remaining=later,
        now=now,
    )
