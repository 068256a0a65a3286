"""Which deadlines an incident should have. The one place deadline rules live.

The severity policy snapshot on the incident gives the acknowledge, Escalation
Engineer, Incident Commander and backlog moments, all counted from the opening
time. Other apps extend this with providers listed in
``settings.INCIDENT_DEADLINE_PROVIDERS`` (dotted paths to callables taking an
incident and returning PlannedDeadline items), e.g. a scenario's own rules.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .models import DeadlineKind, Incident, StopsOn
from .models.deadline import PAGE_STEP


@dataclass(frozen=True)
class PlannedDeadline:
    kind: str
    due_at: datetime
    stops_on: str = StopsOn.RESOLVE
    data: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Incident], Iterable[PlannedDeadline]]


def sla_minutes(minutes: float) -> timedelta:
    """An SLA duration. settings.SLA_MINUTE_SECONDS is 60; tests shrink it to run in seconds."""
    return timedelta(seconds=minutes * getattr(settings, "SLA_MINUTE_SECONDS", 60))


def severity_deadlines(incident: Incident) -> Iterable[PlannedDeadline]:
    """Counted from the opening, or from the last reopening (clocks_start)."""
    opened = incident.clocks_start
    reopened = incident.clocks_started_at not in (None, incident.opened_at)
    reason = "reopened" if reopened else "declared"
    yield PlannedDeadline(
        DeadlineKind.FIRST_PAGE,
        opened,
        stops_on=StopsOn.ACKNOWLEDGE,
        data={"reason": reason, PAGE_STEP: True},
    )
    yield PlannedDeadline(
        DeadlineKind.ACKNOWLEDGE,
        opened + sla_minutes(incident.acknowledge_minutes),
        stops_on=StopsOn.ACKNOWLEDGE,
    )
    if incident.engineer_after_minutes is not None:
        kind = (
            DeadlineKind.BACKLOG
            if incident.backlog_instead_of_engineer
            else DeadlineKind.ESCALATION_ENGINEER
        )
        yield PlannedDeadline(kind, opened + sla_minutes(incident.engineer_after_minutes))
    if incident.commander_at_open:
        yield PlannedDeadline(DeadlineKind.INCIDENT_COMMANDER, opened, data={"at_open": True})
    elif incident.commander_after_minutes is not None:
        yield PlannedDeadline(
            DeadlineKind.INCIDENT_COMMANDER,
            opened + sla_minutes(incident.commander_after_minutes),
        )


@cache
def _providers() -> tuple[Provider, ...]:
    extra = getattr(settings, "INCIDENT_DEADLINE_PROVIDERS", [])
    return (severity_deadlines, *(import_string(path) for path in extra))


def planned_deadlines(incident: Incident) -> list[PlannedDeadline]:
    """Every deadline the incident should have now, soonest first."""
    planned = [item for provider in _providers() for item in provider(incident)]
    return sorted(planned, key=lambda item: item.due_at)


def deadlines_due_now() -> None:
    """A service wrote a deadline that is already due (a page at open, an "immediately"
    rule): after commit, tell whoever fires deadlines, so it need not wait for its next
    beat. Each of settings.DEADLINE_DUE_NOW_HOOKS is a callable () -> None."""
    paths = list(getattr(settings, "DEADLINE_DUE_NOW_HOOKS", []))
    for path in paths:
        transaction.on_commit(import_string(path))
