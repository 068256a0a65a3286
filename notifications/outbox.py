"""The outbox sweep: nothing about a page lives only in a Celery message.

Called from the escalation app's single beat sweep task. It re-dispatches rows
that should have been tried a while ago but are still queued (their message was
lost: Redis flushed, broker down at commit...), and gives up on tries whose
worker vanished mid-send (lease expired), which counts as a failed attempt.
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .channels.base import SendResult
from .delivery import record_outcome
from .dispatch import dispatch
from .models import PENDING_STATUSES, AttemptOutcome, Notification, NotificationStatus
from .stopping import mark_not_sent, why_not_needed


def sweep_outbox(now: datetime | None = None, batch: int = 500) -> int:
    """Re-dispatch lost messages and expire lost tries; returns how many rows it handled."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status__in=PENDING_STATUSES, next_attempt_at__lte=now)
            .filter(Q(status=NotificationStatus.SENDING) | Q(next_attempt_at__lte=now - grace))
            .order_by("next_attempt_at")
            .values_list("pk", "status", "attempts")[:batch]
        )
        lost_messages = _still_needed(
            [pk for pk, status, _ in due if status == NotificationStatus.QUEUED], now
        )
        if lost_messages:
            # Due now, and not "lost" again until another grace period has passed.
            Notification.objects.filter(
                pk__in=lost_messages, status=NotificationStatus.QUEUED
            ).update(next_attempt_at=now)
            for pk in lost_messages:
                transaction.on_commit(partial(dispatch, pk))
    lease = settings.NOTIFICATION_SENDING_TIMEOUT_SECONDS
    lost_try = SendResult.failure(f"no outcome within {lease} s (worker stopped mid-send?)")
    for pk, status, attempt in due:
        if status == NotificationStatus.SENDING:
            record_outcome(pk, attempt, lost_try, outcome=AttemptOutcome.LOST, now=now)
    return len(due)


def _still_needed(pks: list[int], now: datetime) -> list[int]:
    """Of these queued rows, mark those whose reason no longer holds not sent (the
    sweep-time check); the others' ids."""
    if not pks:
        return []
    rows = Notification.objects.filter(pk__in=pks).select_related(
        "incident", "incident__acknowledged_by", "incident__resolved_by", "user", "root"
    )
    stale = [(row, why) for row in rows if (why := why_not_needed(row)) is not None]
    stopped = {row.pk for row in mark_not_sent(stale, now=now)}
    return [pk for pk in pks if pk not in stopped]
