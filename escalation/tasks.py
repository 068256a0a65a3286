"""Celery tasks of the escalation app (queue `sweep`). Thin: they call services."""

from celery import shared_task

from .services import sweep_and_record_heartbeat


@shared_task(name="escalation.tasks.sweep", ignore_result=True)
def sweep() -> int:
    """Fire due deadlines, resend lost notifications, then prove we ran."""
    return sweep_and_record_heartbeat()
