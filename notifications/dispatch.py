"""Hand a notification to the Celery worker. A lost message is not a lost page:
the row is the truth and the outbox sweep re-dispatches anything left behind."""

import logging

logger = logging.getLogger(__name__)


def dispatch(notification_id: int, countdown: float | None = None) -> None:
    from .tasks import deliver_notification

    try:
        if countdown:
            deliver_notification.apply_async(args=(notification_id,), countdown=countdown)
        else:
            deliver_notification.apply_async(args=(notification_id,))
    except Exception:
        logger.exception(
            "Could not queue notification %s; the outbox sweep will send it.", notification_id
        )


def dispatch_many(notification_ids: list[int]) -> None:
    """One Celery message for many rows (the worker fans it out), instead of one each."""
    from .tasks import deliver_notifications

    if len(notification_ids) == 1:
        dispatch(notification_ids[0])
        return
    try:
        deliver_notifications.apply_async(args=(list(notification_ids),))
    except Exception:
        logger.exception(
            "Could not queue %s notifications; the outbox sweep will send them.",
            len(notification_ids),
        )
