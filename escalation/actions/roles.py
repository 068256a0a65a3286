"""Bring a role into the incident: page whoever answers for it and put them on the incident.

`escalation_engineer` (2x SLA), `incident_commander` (4x SLA, or at open for P0)
and the generic `escalate` action that scenario rules use, with
data {"action": "escalate", "target": "<role key>", "label": "..."}.
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from incidents.batch_services import (
    RoleAssignment,
    TimelineEntry,
    incident_assign_roles_bulk,
    timeline_append_many,
)
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline, RoleKey
from incidents.selectors import display_name, role_label

from .. import events
from .common import (
    PAGED_ROLE,
    fallback_data,
    nobody_on_call,
    page_many,
    pages_for,
    person_to_page,
    remember_holder,
    remember_role_paged,
    role_by_key,
    role_paged_at,
    sla_multiple,
    who,
)

Data = dict[str, Any]


def _escalation(deadline: Deadline, now: datetime, role_key: str) -> tuple[Any, bool, Data]:
    """(who answers for the role or None, whether they hold it already, the entry's data)."""
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
        **fallback_data(user, role_key, now),
    }
    return user, holds_it, data


def _reason(role_key: str, data: Data) -> str:
    at_open = data["at_open"] and role_key == RoleKey.INCIDENT_COMMANDER
    return "commander_at_open" if at_open else str(role_key)


def _outcome(user: Any, role_key: str, data: Data) -> Outcome:
    if user is None:
        return Outcome(summary=nobody_on_call(role_key, data.get("fallback")), data=data)
    if data.get("already_paged_at"):
        return Outcome(summary=_("Already paged: not paged again"), data=data)
    return Outcome(
        summary=_("Paged %(name)s (%(role)s)")
        % {"name": display_name(user), "role": role_label(role_key)},
        paged=user,
        data=data,
    )


def escalate_to_roles(targets: list[tuple[Deadline, str]], now: datetime) -> list[Outcome]:
    """Page whoever answers for each (deadline, role key) and put them on the incident, for
    deadlines of different incidents, in bulk; only the sweep calls it, holding the
    incidents' row locks."""
    plans = [(d, key, *_escalation(d, now, key)) for d, key in targets]
    for deadline, key, user, _holds, data in plans:
        # One page per role per incident (per arming of its clocks): a scenario rule that
        # falls with or after a severity clock for the same role does not page again.
        paged_at = role_paged_at(deadline.incident, key) if user is not None else None
        if paged_at is not None:
            data["already_paged_at"] = paged_at.isoformat()
        elif user is not None:
            data[PAGED_ROLE] = key
            remember_role_paged(deadline.incident, key, now)
    timeline_append_many(
        [TimelineEntry(d.incident, events.ESCALATED, data) for d, _k, _u, _h, data in plans],
        at=now,
    )
    page_many(
        [
            page
            for d, key, user, _h, data in plans
            if user is None or PAGED_ROLE in data
            for page in pages_for(d, user, key, _reason(key, data), now)
        ],
        until_answered=True,  # whoever joins is needed until resolved, acknowledged or not
    )
    assignments = []
    for deadline, key, user, holds_it, _data in plans:
        role = role_by_key(key) if user is not None and not holds_it else None
        if role is not None:
            assignments.append(RoleAssignment(deadline.incident, role, user))
    incident_assign_roles_bulk(assignments, incidents_locked=True)  # the sweep holds them
    for assignment in assignments:
        remember_holder(assignment.incident, assignment.role.key, assignment.user)
    return [_outcome(user, key, data) for _d, key, user, _h, data in plans]


@deadline_handler(RoleKey.ESCALATION_ENGINEER.value)
def escalation_engineer(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    return escalate_to_roles([(d, RoleKey.ESCALATION_ENGINEER.value) for d in deadlines], now)


@deadline_handler(RoleKey.INCIDENT_COMMANDER.value)
def incident_commander(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    return escalate_to_roles([(d, RoleKey.INCIDENT_COMMANDER.value) for d in deadlines], now)


def _target(deadline: Deadline) -> str:
    target = str((deadline.data or {}).get("target") or "")
    if not target:
        raise ValueError(
            f"Deadline {deadline.pk} ({deadline.kind}) says escalate but names no target"
        )
    return target


def _roles_of(deadline: Deadline) -> list[str]:
    """The target, then the other roles the rule pages with it (data["also"])."""
    target = _target(deadline)
    also = [str(key) for key in (deadline.data or {}).get("also") or [] if key != target]
    return [target, *dict.fromkeys(also)]


def escalate_deadlines(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    """Each deadline pages its target and its "also" roles: one Outcome per deadline, the
    target's, with the others' summaries added."""
    pairs = [(d, key) for d in deadlines for key in _roles_of(d)]
    outcomes = escalate_to_roles(pairs, now)
    merged: dict[int, Outcome] = {}
    for (deadline, _key), outcome in zip(pairs, outcomes, strict=True):
        first = merged.get(deadline.pk)
        if first is None:
            merged[deadline.pk] = outcome
        else:
            first.summary = f"{first.summary}; {outcome.summary}"
            first.data.setdefault("also_paged", []).append(outcome.data.get("user", ""))
    return [merged[d.pk] for d in deadlines]


@deadline_handler("escalate")
def escalate(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    return escalate_deadlines(deadlines, now)
