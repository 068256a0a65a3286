"""Sending one notification: claim it, call the channel outside any transaction,
record the outcome, retry with capped backoff, fall back to the next channel."""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from incidents.services import timeline_append

from . import channels, events
from .chain import chain_rows, event_data, fall_back
from .channels.base import SendResult
from .dispatch import dispatch
from .models import AttemptOutcome, DeliveryAttempt, Notification, NotificationStatus
from .stopping import mark_not_sent, why_not_needed

logger = logging.getLogger(__name__)

# A task may arrive a little before next_attempt_at (clocks of different hosts).
CLAIM_TOLERANCE = timedelta(seconds=2)


def retry_delay(attempt: int) -> timedelta:
    """Capped exponential backoff after the given (1-based) failed attempt."""
    base = float(settings.NOTIFICATION_RETRY_BASE_SECONDS)
    factor = float(settings.NOTIFICATION_RETRY_FACTOR)
    cap = float(settings.NOTIFICATION_RETRY_CAP_SECONDS)
    return timedelta(seconds=min(cap, base * factor ** max(0, attempt - 1)))


def claim(notification_id: int, *, now: datetime | None = None) -> int | None:
    """queued -> sending by one conditional UPDATE; the attempt number, or None if not ours."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT_SECONDS)
    with transaction.atomic():
        claimed = (
            Notification.objects.filter(pk=notification_id, status=NotificationStatus.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + CLAIM_TOLERANCE))
            .update(
                status=NotificationStatus.SENDING,
                attempts=F("attempts") + 1,
                next_attempt_at=now + lease,
                updated_at=now,
            )
        )
        if not claimed:
            return None
        return Notification.objects.values_list("attempts", flat=True).get(pk=notification_id)


def notification_deliver(notification_id: int) -> str:
    """Send one notification if it is due and nobody else is sending it.

    Returns "delivered", "failed", "not_sent" (its reason no longer holds: acknowledged or
    resolved meanwhile) or "skipped" (not due, already sent or being sent), so a task
    delivered twice never sends twice.
    """
    attempt = claim(notification_id)
    if attempt is None:
        return "skipped"
    notification = Notification.objects.select_related(
        "incident", "incident__acknowledged_by", "incident__resolved_by", "user", "root"
    ).get(pk=notification_id)
    why = why_not_needed(notification)
    if why is not None:
        with transaction.atomic():
            mark_not_sent([(notification, why)], now=timezone.now(), claimed_attempt=attempt)
        return "not_sent"
    try:
        result = channels.send(notification)  # network I/O: no transaction open here
    except Exception as exc:  # an adapter bug must not leave the row "sending"
        logger.exception("Channel adapter crashed on notification %s", notification_id)
        result = SendResult.failure(f"adapter error ({type(exc).__name__})")
    record_outcome(notification_id, attempt, result)
    return "delivered" if result.ok else "failed"


def record_outcome(
    notification_id: int,
    attempt: int,
    result: SendResult,
    *,
    outcome: str | None = None,
    now: datetime | None = None,
) -> None:
    """Write the attempt, update the row, and retry / fail / fall back. One transaction."""
    now = now or timezone.now()
    outcome = outcome or (AttemptOutcome.DELIVERED if result.ok else AttemptOutcome.FAILED)
    with transaction.atomic():
        root_id = Notification.objects.values_list("root_id", flat=True).get(pk=notification_id)
        # Lock the chain's root first: siblings of a stage decide the fallback one at a time.
        list(Notification.objects.select_for_update().filter(pk=root_id or notification_id))
        row = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("incident", "user")
            .get(pk=notification_id)
        )
        current = row.status == NotificationStatus.SENDING and row.attempts == attempt
        if outcome == AttemptOutcome.LOST and not current:
            return  # the worker did report in the meantime
        DeliveryAttempt.objects.create(
            notification=row,
            number=attempt,
            at=now,
            outcome=outcome,
            http_status=result.http_status,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        if result.ok:
            _delivered(row, attempt, result, now)
        elif not current:
            # A late report from a try the sweep already gave up on.
            row.last_error = result.error
            row.save(update_fields=["last_error", "updated_at"])
            _event(row, events.PAGE_FAILED, now, attempt=attempt, error=result.error)
        else:
            _failed(row, attempt, result, now)


def _event(row: Notification, kind: str, now: datetime, **extra: object) -> None:
    if row.incident is None:  # a test page: its outcome is on the row only
        return
    timeline_append(
        incident=row.incident,
        kind=kind,
        at=now,
        data=event_data(row, max_attempts=row.max_attempts, **extra),
    )


def _delivered(row: Notification, attempt: int, result: SendResult, now: datetime) -> None:
    if row.status in (NotificationStatus.QUEUED, NotificationStatus.SENDING):
        row.status = NotificationStatus.DELIVERED
        row.delivered_at = now
        row.next_attempt_at = None
        row.save(update_fields=["status", "delivered_at", "next_attempt_at", "updated_at"])
    _event(row, events.PAGE_DELIVERED, now, attempt=attempt, http_status=result.http_status)


def _failed(row: Notification, attempt: int, result: SendResult, now: datetime) -> None:
    row.last_error = result.error
    final = result.permanent or attempt >= row.max_attempts
    if final:
        row.status = NotificationStatus.FAILED
        row.next_attempt_at = None
    else:
        delay = retry_delay(attempt)
        row.status = NotificationStatus.QUEUED
        row.next_attempt_at = now + delay
        transaction.on_commit(partial(dispatch, row.pk, countdown=delay.total_seconds()))
    row.save(update_fields=["status", "next_attempt_at", "last_error", "updated_at"])
    _event(
        row,
        events.PAGE_FAILED,
        now,
        attempt=attempt,
        error=result.error,
        http_status=result.http_status,
        final=final,
        retry_at=None if final else row.next_attempt_at.isoformat(),  # type: ignore[union-attr]
    )
    if final:
        stage_rows = [r for r in chain_rows(row.root_id or row.pk) if r.stage == row.stage]
        if all(r.status == NotificationStatus.FAILED for r in stage_rows):
            fall_back(stage_rows, now=now)
