"""Chains of outbox rows: a message and its fallback stages. write_chains is the one writer
(paging, messages to channels and lists, a stage falling back at delivery)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from bulkcopy import bulk_insert
from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.models import Incident
from incidents.selectors import display_name
from incidents.services import timeline_append

from . import events
from .dispatch import dispatch_many
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


@dataclass(frozen=True)
class ChainStart:
    """A chain of messages to write: `stages` in order, from stage `first_stage` on. A new
    chain (root None) is keyed `key`; a later stage of an existing chain hangs from `root`."""

    incident: Incident | None  # None: a message about no incident (a test page)
    user: Any
    subject: str
    body: str
    reason: str
    key: str
    stages: Sequence[Stage]
    root: Notification | None = None
    first_stage: int = 0


def start_chains_once(starts: Sequence[ChainStart]) -> dict[str, Notification] | None:
    """write_chains for new chains, in a savepoint: each key's root, or None when a key was
    already taken (nothing written)."""
    if not starts:
        return {}
    try:
        with transaction.atomic():
            firsts = write_chains(starts, now=timezone.now())
    except IntegrityError:
        return None
    return {start.key: first for start, first in zip(starts, firsts, strict=True)}


def write_chains(starts: Sequence[ChainStart], *, now: datetime) -> list[Notification]:
    """THE way outbox rows are written (pages, messages, a stage falling back): for each
    chain its first stage, and the stages after it for as long as a whole stage has no
    address to try (each such row failed at once, on the timeline, then "trying the next
    channels"); two bulk writes, one timeline write and, after commit, one Celery message.
    Returns each chain's first row (a chain whose first stage is empty has none)."""
    chains = [_plan_chain(start, now) for start in starts]
    firsts = [chain[0][0] for start, chain in zip(starts, chains, strict=True) if not start.root]
    bulk_insert(firsts)
    others: list[Notification] = []
    for start, chain in zip(starts, chains, strict=True):
        root = start.root or chain[0][0]
        for stage in chain:
            for row in stage:
                if row is not root:
                    row.root = root
                    others.append(row)
    bulk_insert(others)
    if any(row.pk is None for row in [*firsts, *others]):
        raise IntegrityError("this database did not return the new notification ids")
    timeline_append_many([e for chain in chains for e in _chain_events(chain)], at=now)
    queued = [
        row.pk
        for chain in chains
        for stage in chain
        for row in stage
        if row.status == NotificationStatus.QUEUED
    ]
    if queued:
        transaction.on_commit(partial(dispatch_many, queued))
    return [chain[0][0] for chain in chains if chain[0]]


def _plan_chain(start: ChainStart, now: datetime) -> list[list[Notification]]:
    root_key = start.root.key if start.root else start.key
    chain: list[list[Notification]] = []
    for offset, entries in enumerate(start.stages):
        number = start.first_stage + offset
        remaining = start.stages[offset + 1 :]
        rows = [
            stage_row(
                incident=start.incident,
                user=start.user,
                subject=start.subject,
                body=start.body,
                reason=start.reason,
                key=stage_key(root_key, number, index, channel),
                root=start.root,
                stage=number,
                channel=channel,
                address=address,
                remaining=remaining,
                now=now,
            )
            for index, (channel, address) in enumerate(entries)
        ]
        chain.append(rows)
        if not rows or any(r.status != NotificationStatus.FAILED for r in rows) or not remaining:
            break
        for row in rows:  # nobody reachable at this stage: on to the next one
            row.status = NotificationStatus.SUPERSEDED
    return chain


def _chain_events(chain: list[list[Notification]]) -> list[TimelineEntry]:
    """Each row failed for want of an address, then "trying the next channels" for each
    stage nobody could be reached at."""
    entries: list[TimelineEntry] = []
    for number, rows in enumerate(chain):
        incident = rows[0].incident if rows else None
        if incident is None:
            continue  # a test page: its outcome is on its rows only
        for row in rows:
            if row.last_error and row.status != NotificationStatus.QUEUED:
                data = event_data(row, attempt=0, error=row.last_error, final=True)
                entries.append(TimelineEntry(incident, events.PAGE_FAILED, data))
        if rows and all(r.status == NotificationStatus.SUPERSEDED for r in rows):
            following = chain[number + 1]
            data = event_data(
                rows[0],
                channels_from=[r.channel for r in rows],
                channels_to=[r.channel for r in following],
            )
            entries.append(TimelineEntry(incident, events.PAGE_FALLBACK, data))
    return entries


def fall_back(stage_rows: list[Notification], *, now: datetime) -> None:
    """Every row of a stage failed: mark them superseded and start the next stage."""
    first = stage_rows[0]
    if not first.fallbacks:
        return
    Notification.objects.filter(pk__in=[r.pk for r in stage_rows]).update(
        status=NotificationStatus.SUPERSEDED
    )
    for r in stage_rows:
        r.status = NotificationStatus.SUPERSEDED
    root = (
        first if first.root_id is None else Notification.objects.only("key").get(pk=first.root_id)
    )
    if first.incident is not None:
        timeline_append(
            incident=first.incident,
            kind=events.PAGE_FALLBACK,
            at=now,
            data=event_data(
                first,
                channels_from=[r.channel for r in stage_rows],
                channels_to=[entry[0] for entry in first.fallbacks[0]],
            ),
        )
    start = ChainStart(
        incident=first.incident,
        user=first.user,
        subject=first.subject,
        body=first.body,
        reason=first.reason,
        key=root.key,
        stages=first.fallbacks,
        root=root,
        first_stage=first.stage + 1,
    )
    write_chains([start], now=now)
