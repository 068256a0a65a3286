"""When a review is mandatory (the playbook's "Post-Incident Review" section)."""

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from incidents.models import Incident, Severity

from .models import ReviewCause

MANDATORY_SEVERITIES = (Severity.P0, Severity.P1)
RECURRING_SEVERITIES = (Severity.P2,)
RECURRENCE_WINDOW = timedelta(days=30)
RECURRENCE_MORE_THAN = 2  # "P2 incidents that recur (>2x in 30 days)"


@cache
def _counters(paths: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return [import_string(path) for path in paths]


def recurrences(incident: Incident) -> int:
    """How many incidents of the same problem in the last 30 days, this one included."""
    since = timezone.now() - RECURRENCE_WINDOW
    paths = tuple(getattr(settings, "REVIEW_RECURRENCE_COUNTERS", ()))
    counts = [counter(incident, since) for counter in _counters(paths)]
    return max([c for c in counts if c is not None], default=1)


def mandatory_cause(incident: Incident) -> str | None:
    """Why this incident must have a review, or None when it need not."""
    if incident.severity in MANDATORY_SEVERITIES:
        return ReviewCause.SEVERITY
    if incident.severity in RECURRING_SEVERITIES and recurrences(incident) > RECURRENCE_MORE_THAN:
        return ReviewCause.RECURRENCE
    return None
