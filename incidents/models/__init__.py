from .choices import (
    OPEN_STATUSES,
    DeadlineKind,
    IncidentSource,
    IncidentStatus,
    RoleKey,
    Severity,
)
from .deadline import Deadline, StopsOn
from .incident import Incident, IncidentRoleAssignment
from .people import Profile, Role
from .policy import SeverityPolicy
from .timeline import TimelineEvent

__all__ = [
    "OPEN_STATUSES",
    "Deadline",
    "DeadlineKind",
    "Incident",
    "IncidentRoleAssignment",
    "IncidentSource",
    "IncidentStatus",
    "Profile",
    "Role",
    "RoleKey",
    "Severity",
    "SeverityPolicy",
    "StopsOn",
    "TimelineEvent",
]
