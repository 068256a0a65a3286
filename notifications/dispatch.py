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
