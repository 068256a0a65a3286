"""Bring a role into the incident: page whoever answers for it and put them on the incident.

`escalation_engineer` (2x SLA), `incident_commander` (4x SLA, or at open for P0)
and the generic `escalate` action that scenario rules use, with
data {"action": "escalate", "target": "<role key>", "label": "..."}.
"""

from contextlib import suppress
from datetime import datetime

from django.utils.translation import gettext as _

from incidents.errors import IncidentActionError
from incidents.models import Deadline, Role, RoleKey
from incidents.selectors import display_name
from incidents.services import incident_assign_role, timeline_append

from .. import events
from ..handlers import Outcome, register
from .common import (
    nobody_on_call,
    page,
    person_to_page,
    remember_holder,
    role_label,
    sla_multiple,
    who,
)


def escalate_to_role(deadline: Deadline, now: datetime, role_key: str) -> Outcome:
    incident = deadline.incident
    user, holds_it = person_to_page(incident, role_key, now)
    data = {
        "level": deadline.kind,
        "label": deadline.label,
        "role": role_key,
        "due_at": deadline.due_at.isoformat(),
        "multiple": sla_multiple(incident, deadline.due_at),
        "at_open": bool((deadline.data or {}).get("at_open")),
        "nobody_on_call": user is None,
        **who(user),
    }
    timeline_append(incident=incident, kind=events.ESCALATED, at=now, data=data)
    if user is None:
        return Outcome(summary=nobody_on_call(role_key), data=data)
    at_open = data["at_open"] and role_key == RoleKey.INCIDENT_COMMANDER
    page(deadline=deadline, user=user, reason="commander_at_open" if at_open else str(role_key))
    if not holds_it:
        role = Role.objects.filter(key=role_key).first()
        if role is not None:
            with suppress(IncidentActionError):  # they already hold it: nothing to change
                incident_assign_role(incident=incident, role=role, user=user, by=None)
            remember_holder(incident, role_key, user)
    return Outcome(
        summary=_("Paged %(name)s (%(role)s)")
        % {"name": display_name(user), "role": role_label(role_key)},
        paged=user,
        data=data,
    )


@register(RoleKey.ESCALATION_ENGINEER.value)
def escalation_engineer(deadline: Deadline, now: datetime) -> Outcome:
    return escalate_to_role(deadline, now, RoleKey.ESCALATION_ENGINEER)


@register(RoleKey.INCIDENT_COMMANDER.value)
def incident_commander(deadline: Deadline, now: datetime) -> Outcome:
    return escalate_to_role(deadline, now, RoleKey.INCIDENT_COMMANDER)


@register("escalate")
def escalate(deadline: Deadline, now: datetime) -> Outcome:
    target = str((deadline.data or {}).get("target") or "")
    if not target:
        raise ValueError(
            f"Deadline {deadline.pk} ({deadline.kind}) says escalate but names no target"
        )
    return escalate_to_role(deadline, now, target)
