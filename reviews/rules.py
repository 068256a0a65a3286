"""When a review is mandatory (the playbook's "Post-Incident Review" section).

The imported playbook's rules win (runbooks.selectors.playbook_review_rules); the
constants below, the customer's playbook as shipped, apply before any import or when the
playbook omits that section."""

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from incidents.models import Incident, Severity
from runbooks.selectors import playbook_review_rules

from .models import ReviewCause

MANDATORY_SEVERITIES = (Severity.P0, Severity.P1)
RECURRING_SEVERITIES = (Severity.P2,)
RECURRENCE_WINDOW = timedelta(days=30)
RECURRENCE_MORE_THAN = 2  # "P2 incidents that recur (>2x in 30 days)"


@cache
def _counters(paths: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return [import_string(path) for path in paths]


def review_policy() -> tuple[set[str], dict[str, tuple[int, timedelta]]]:
    """(severities always reviewed, {severity: (more than N recurrences, in this window)})."""
    rules = playbook_review_rules()
    mandatory = {str(code) for code in rules.get("mandatory_severities") or []}
    recurring = {
        item["severity"]: (
            int(item["recurrence"]["count"]),
            timedelta(minutes=int(item["recurrence"]["window_minutes"])),
        )
        for item in rules.get("conditional") or []
        if item.get("severity") and item.get("recurrence")
    }
    if not mandatory and not recurring:
        mandatory = {str(code) for code in MANDATORY_SEVERITIES}
        recurring = {
            str(code): (RECURRENCE_MORE_THAN, RECURRENCE_WINDOW) for code in RECURRING_SEVERITIES
        }
    return mandatory, recurring


def recurrences(incident: Incident, window: timedelta = RECURRENCE_WINDOW) -> int:
    """How many incidents of the same problem in the window, this one included."""
    since = timezone.now() - window
    paths = tuple(getattr(settings, "REVIEW_RECURRENCE_COUNTERS", ()))
    counts = [counter(incident, since) for counter in _counters(paths)]
    return max([c for c in counts if c is not None], default=1)


def mandatory_cause(incident: Incident) -> str | None:
    """Why this incident must have a review, or None when it need not."""
    mandatory, recurring = review_policy()
    if incident.severity in mandatory:
        return ReviewCause.SEVERITY
    if incident.severity in recurring:
        more_than, window = recurring[incident.severity]
        if recurrences(incident, window) > more_than:
            return ReviewCause.RECURRENCE
    return None
