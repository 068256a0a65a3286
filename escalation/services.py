"""Escalation services that are more than one step (the sweep itself is in sweep.py)."""

import time

from notifications.outbox import sweep_outbox

from .heartbeat import heartbeat_record
from .sweep import sweep_due_deadlines


def sweep_and_record_heartbeat() -> int:
    """One beat: fire due deadlines, resend lost notifications, then prove we ran.
    Returns how many deadlines fired."""
    started = time.monotonic()
    fired = sweep_due_deadlines()
    sweep_outbox()
    heartbeat_record(duration_ms=(time.monotonic() - started) * 1000, fired=fired)
    return fired
