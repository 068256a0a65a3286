from .feed import calendar_feed, calendar_feed_reset
from .overrides import override_cancel, override_new
from .rotations import rotation_delete, rotation_edit, rotation_new
from .schedule import role_schedule, schedules_index

__all__ = [
    "calendar_feed",
    "calendar_feed_reset",
    "override_cancel",
    "override_new",
    "role_schedule",
    "rotation_delete",
    "rotation_edit",
    "rotation_new",
    "schedules_index",
]
