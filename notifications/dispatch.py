"""Hand a notification to the Celery worker. A lost message is not a lost page:
the row is the truth and the outbox sweep re-dispatches anything left behind.

Tasks are sent by name (routed by CELERY_TASK_ROUTES), so this module imports nothing of
the tasks that call it back."""

import logging

from celery import current_app

logger = logging.getLogger(__name__)

DELIVER_ONE = "notifications.tasks.deliver_notification"
DELIVER_MANY = "notifications.tasks.deliver_notifications"


def dispatch(notification_id: int, countdown: float | None = None) -> None:
    try:
        if countdown:
            current_app.send_task(DELIVER_ONE, args=(notification_id,), countdown=countdown)
        else:
            current_app.send_task(DELIVER_ONE, args=(notification_id,))
    except Exception:
        logger.exception(
            "Could not queue notification %s; the outbox sweep will send it.", notification_id
        )


def dispatch_many(notification_ids: list[int]) -> None:
    """One Celery message for many rows (the worker fans it out), instead of one each."""
    if len(notification_ids) == 1:
        dispatch(notification_ids[0])
        return
    try:
        current_app.send_task(DELIVER_MANY, args=(list(notification_ids),))
    except Exception:
        logger.exception(
            "Could not queue %s notifications; the outbox sweep will send them.",
            len(notification_ids),
        )
