"""Celery tasks of the notifications app: thin, id in, one service call."""

from celery import shared_task

from .delivery import notification_deliver
from .dispatch import dispatch

# Both delivery tasks: on the notifications queue, acknowledged only once done (a worker
# lost mid-send gives the message back), no result kept, bounded in time.
delivery_task = shared_task(
    queue="notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=60,
    time_limit=90,
)


@delivery_task
def deliver_notification(notification_id: int) -> str:
    """Send one outbox row. Safe to run twice: the service claims the row first."""
    return notification_deliver(notification_id)


@delivery_task
def deliver_notifications(notification_ids: list[int]) -> int:
    """Many outbox rows queued by one sweep batch in one message: hand each to its own
    deliver_notification task, so they go out in parallel, each with its own time limit.
    Safe to run twice (each delivery claims its row); what a crash leaves behind the
    outbox sweep re-dispatches."""
    for notification_id in notification_ids:
        dispatch(notification_id)
    return len(notification_ids)
