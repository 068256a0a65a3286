"""The stakeholder update cadence: after an update on a P0/P1 the next is due.

The deadline is an incidents.Deadline of kind "stakeholder_update", swept like
the SLA clocks; the sweep calls stakeholder_updates_overdue for it once."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from escalation.selectors import who_answers_for
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline, Incident, RoleKey, StopsOn
from incidents.selectors import display_name
from incidents.services import deadline_set, deadlines_stop, timeline_append
from notifications.answer import pages_answered
from notifications.paging import page_person

from .events import OVERDUE as OVERDUE_EVENT
from .models import CadencePolicy, SentCommunication

DEADLINE_KIND = "stakeholder_update"
LABEL = gettext_noop("Next stakeholder update due")


def cadence_minutes(severity: str) -> int | None:
    policy = CadencePolicy.objects.filter(severity=severity).first()
    return policy.update_every_minutes if policy else None


def cadence_restart(*, incident: Incident) -> Deadline | None:
    """An update was just sent: the next one is due after the severity's cadence."""
    pages_answered(incident=incident, reason=OVERDUE_EVENT)  # sent: nobody is paged for it
    minutes = cadence_minutes(incident.severity)
    if not minutes or not incident.is_open:
        cadence_stop(incident=incident)
        return None
    return deadline_set(
        incident=incident,
        kind=DEADLINE_KIND,
        due_at=timezone.now() + timedelta(minutes=minutes),
        stops_on=StopsOn.RESOLVE,
        data={"label": LABEL},
    )


def cadence_stop(*, incident: Incident) -> int:
    return deadlines_stop(incident=incident, stops_on=[StopsOn.RESOLVE], kinds=[DEADLINE_KIND])


def _commander_for(incident: Incident) -> Any:
    """The incident's commander, else the one on call, else whoever sent the last update."""
    commander = who_answers_for(incident, RoleKey.INCIDENT_COMMANDER)
    if commander is not None:
        return commander
    # Whoever sent the last update owes the next one.
    last = SentCommunication.objects.filter(incident=incident).select_related("sent_by").first()
    return last.sent_by if last else None


@deadline_handler(DEADLINE_KIND)
def stakeholder_updates_overdue(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    """Called by the sweep, inside its transaction, when updates are overdue: page each
    incident's commander (or the one on call) and say so on the timeline."""
    return [_stakeholder_update_overdue(deadline, now) for deadline in deadlines]


def _stakeholder_update_overdue(deadline: Deadline, now: datetime) -> Outcome:
    incident = deadline.incident
    commander = _commander_for(incident)
    if commander is not None:
        page_person(
            incident=incident,
            user=commander,
            reason=OVERDUE_EVENT,
            key=f"{DEADLINE_KIND}:{deadline.pk}:{deadline.due_at.isoformat()}",
        )
    data = {
        "due_at": deadline.due_at.isoformat(),
        "paged_user_id": commander.pk if commander else None,
        "paged": display_name(commander),
    }
    timeline_append(incident=incident, kind=OVERDUE_EVENT, at=now, data=data)
    return Outcome(summary=gettext("Stakeholder update overdue"), paged=commander, data=data)
