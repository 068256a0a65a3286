"""Escalation services that are more than one step (the sweep itself is in sweep.py)."""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications.outbox import sweep_outbox

from .heartbeat import heartbeat_record
from .sweep import sweep_due_deadlines

logger = logging.getLogger(__name__)


def sweep_steps() -> None:
    """Other apps' clocks that are not an incident's (settings.SWEEP_STEPS: callables
    (now) -> int, e.g. schedules' hand-offs). One failing step never stops the others."""
    now = timezone.now()
    for path in getattr(settings, "SWEEP_STEPS", []):
        try:
            with transaction.atomic():
                import_string(path)(now)
        except Exception:
            logger.exception("Sweep step %s failed; the next sweep tries again", path)


def sweep_and_record_heartbeat() -> int:
    """One beat: fire due deadlines, the other apps' steps, resend lost notifications, then
    prove we ran. Returns how many deadlines fired."""
    started = time.monotonic()
    fired = sweep_due_deadlines()
    sweep_steps()
    sweep_outbox()
    heartbeat_record(duration_ms=(time.monotonic() - started) * 1000, fired=fired)
    return fired
