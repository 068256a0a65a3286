from .audit import ScheduleEvent
from .feed import CalendarFeed
from .handoff import GapReport, Handoff
from .override import Override
from .rotation import Length, Restriction, Rotation, RotationMember
from .state import ScheduleState

__all__ = [
    "CalendarFeed",
    "GapReport",
    "Handoff",
    "Length",
    "Override",
    "Restriction",
    "Rotation",
    "RotationMember",
    "ScheduleEvent",
    "ScheduleState",
]
