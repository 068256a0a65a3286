"""Ask for a sweep now, instead of at the next beat (settings.DEADLINE_DUE_NOW_HOOKS).

Sent by name, like the beat's own entry: a lost message only means the next beat fires
the deadline (the database is the truth)."""

import logging

from celery import current_app

logger = logging.getLogger(__name__)

SWEEP = "escalation.tasks.sweep"
EXPIRES_S = 10.0  # a sweep that waited longer is pointless: the beat ran meanwhile


def sweep_soon() -> None:
    try:
        current_app.send_task(SWEEP, expires=EXPIRES_S)
    except Exception:
        logger.exception("Could not ask for a sweep now; the next beat fires the deadline.")
