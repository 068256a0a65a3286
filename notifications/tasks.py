"""Celery tasks of the notifications app: thin, id in, one service call."""

from celery import shared_task

from .delivery import notification_deliver


@shared_task(
    queue="notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_notification(notification_id: int) -> str:
    """Send one outbox row. Safe to run twice: the service claims the row first."""
    return notification_deliver(notification_id)
