"""Celery tasks of the escalation app (queue `sweep`). Thin: they call services."""

import time

from celery import shared_task

from .heartbeat import heartbeat_record
from .sweep import sweep_due_deadlines


@shared_task(name="escalation.tasks.sweep", ignore_result=True)
def sweep() -> int:
    """Fire due deadlines, resend lost notifications, then prove we ran."""
    from notifications.outbox import sweep_outbox

    started = time.monotonic()
    fired = sweep_due_deadlines()
    sweep_outbox()
    heartbeat_record(duration_ms=(time.monotonic() - started) * 1000, fired=fired)
    return fired
