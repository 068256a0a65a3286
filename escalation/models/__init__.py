from .heartbeat import SweepHeartbeat
from .oncall import OnCallShift, OnCallShiftQuerySet
from .record import EscalationRecord

__all__ = ["EscalationRecord", "OnCallShift", "OnCallShiftQuerySet", "SweepHeartbeat"]
