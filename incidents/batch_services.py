"""The batch forms of some incident services: THE implementation of those rules (the single
services in services.py call these with one incident), in a fixed number of queries however
many incidents there are. Each runs in (or opens) a transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from bulkcopy import insert_rows

from . import events
from .actors import Actor
from .models import Deadline, Incident, IncidentRoleAssignment, Role, StopsOn, TimelineEvent
from .selectors import display_name


@dataclass(frozen=True)
class TimelineEntry:
    incident: Incident
    kind: str
    data: dict[str, Any]
    actor: Actor = None


def timeline_append_many(entries: Sequence[TimelineEntry], *, at: datetime) -> int:
    """timeline_append for many entries, in their order, in one statement. Returns how many."""
    return insert_rows(
        TimelineEvent,
        ("incident_id", "kind", "actor_id", "created_at", "data"),
        [(e.incident.pk, e.kind, e.actor.pk if e.actor else None, at, e.data) for e in entries],
    )


@dataclass(frozen=True)
class PlannedRow:
    """An ad-hoc deadline to create (kind unique on its incident)."""

    incident: Incident
    kind: str
    due_at: datetime
    stops_on: str
    data: dict[str, Any]


def deadlines_create_many(rows: Sequence[PlannedRow]) -> int:
    """Create many new ad-hoc deadlines in one statement (the paging loop's louder steps).
    Their kinds must be new on their incidents. Returns how many."""
    return insert_rows(
        Deadline,
        ("incident_id", "kind", "due_at", "stops_on", "scheduled", "data"),
        [(r.incident.pk, r.kind, r.due_at, r.stops_on, False, r.data) for r in rows],
    )


def deadlines_cancel_many(deadlines: Sequence[Deadline], *, at: datetime) -> int:
    """Cancel these deadlines, those still pending, in one statement. Returns how many."""
    if not deadlines:
        return 0
    rows = Deadline.objects.pending().filter(pk__in=[d.pk for d in deadlines])
    return rows.update(cancelled_at=at)


@dataclass(frozen=True)
class RoleAssignment:
    incident: Incident
    role: Role
    user: Any


@dataclass(frozen=True)
class RoleChange:
    """A role changed hands on an incident: `user` holds it now, or None when it was taken
    away (incident_unassign_role); `previous` held it until then (relieved of it), or None
    when nobody did."""

    incident: Incident
    role: Role
    user: Any
    previous: Any = None


def run_role_hooks(changes: list[RoleChange], *, by: Actor, at: datetime) -> None:
    """Other apps act on role changes in their transaction (e.g. whoever is relieved of a
    role is paged no more for it): callables (*, changes, by, at) listed in
    settings.INCIDENT_ROLE_HOOKS, called once for a whole batch."""
    for path in getattr(settings, "INCIDENT_ROLE_HOOKS", []):
        import_string(path)(changes=changes, by=by, at=at)


def incident_assign_roles_bulk(
    assignments: Sequence[RoleAssignment], *, by: Actor = None, incidents_locked: bool = False
) -> list[RoleAssignment]:
    """incident_assign_role for many (incident, role, user), in order, keeping one active
    holder per role: the previous holders end with one UPDATE, the new ones are one INSERT,
    their "role assigned" entries another; then settings.INCIDENT_ROLE_HOOKS see the changes.
    One that would give the role to the person who already holds it changes nothing (the
    single service refuses it). Returns those made.

    incidents_locked: the caller already holds these incidents' row locks (the sweep does).
    """
    if not assignments:
        return []
    with transaction.atomic():
        now = timezone.now()
        incident_ids = {a.incident.pk for a in assignments}
        if not incidents_locked:
            list(Incident.objects.locked(incident_ids).values_list("pk"))
        # (incident, role) -> (the active assignment's pk, None when made here; its holder)
        active = list(
            IncidentRoleAssignment.objects.filter(
                incident_id__in=incident_ids,
                role_id__in={a.role.pk for a in assignments},
                ended_at__isnull=True,
            ).values_list("pk", "incident_id", "role_id", "user_id")
        )
        users = get_user_model().objects.in_bulk({row[3] for row in active})
        holders: dict[tuple[int, int], tuple[int | None, Any]] = {
            (incident_id, role_id): (pk, users[user_id])
            for pk, incident_id, role_id, user_id in active
        }
        to_end: list[int] = []
        new_rows: list[list[Any]] = []
        made_here: dict[tuple[int, int], list[Any]] = {}  # slot -> its row in new_rows
        entries: list[TimelineEntry] = []
        made: list[RoleAssignment] = []
        changes: list[RoleChange] = []
        by_id = by.pk if by is not None else None
        for a in assignments:
            slot = (a.incident.pk, a.role.pk)
            holder_pk, holder = holders.get(slot, (None, None))
            if holder is not None and holder.pk == a.user.pk:
                continue
            if holder_pk is not None:
                to_end.append(holder_pk)
            elif slot in made_here:  # assigned earlier in this call, ended by this one
                made_here[slot][4] = now
            holders[slot] = (None, a.user)
            row = [a.incident.pk, a.role.pk, a.user.pk, now, None, by_id]
            made_here[slot] = row
            new_rows.append(row)
            made.append(a)
            changes.append(RoleChange(a.incident, a.role, a.user, previous=holder))
            data = {
                "role": a.role.key,
                "user_id": a.user.pk,
                "user": display_name(a.user),
                "previous": display_name(holder) if holder else "",
            }
            entries.append(TimelineEntry(a.incident, events.ROLE_ASSIGNED, data, actor=by))
        if to_end:
            IncidentRoleAssignment.objects.filter(pk__in=to_end).update(ended_at=now)
        insert_rows(
            IncidentRoleAssignment,
            ("incident_id", "role_id", "user_id", "assigned_at", "ended_at", "assigned_by_id"),
            [tuple(row) for row in new_rows],
        )
        timeline_append_many(entries, at=now)
        if changes:
            run_role_hooks(changes, by=by, at=now)
    return made


def incidents_move_to_backlog_bulk(
    incidents: Sequence[Incident], *, by: Actor = None, reason: str = ""
) -> list[Incident]:
    """incident_move_to_backlog for many incidents: those still open and not yet in the
    backlog are parked, their acknowledge/resolve clocks stopped, each on its timeline."""
    if not incidents:
        return []
    with transaction.atomic():
        now = timezone.now()
        # Locked and read as they are now, in one query.
        locked = Incident.objects.locked(incidents)
        current = {i.pk: i for i in locked if i.backlogged_at is None and i.is_open}
        if not current:
            return []
        current_ids = list(current)
        Incident.objects.filter(pk__in=current_ids).update(backlogged_at=now, updated_at=now)
        clocks = Deadline.objects.pending().filter(
            incident_id__in=current_ids, stops_on__in=[StopsOn.ACKNOWLEDGE, StopsOn.RESOLVE]
        )
        stopped: dict[int, int] = {}
        for incident_id in clocks.values_list("incident_id", flat=True):
            stopped[incident_id] = stopped.get(incident_id, 0) + 1
        clocks.update(cancelled_at=now)
        parked: list[Incident] = []
        for incident in incidents:
            if current.pop(incident.pk, None) is not None:  # each incident once
                incident.backlogged_at = incident.updated_at = now
                parked.append(incident)
        entries = [
            TimelineEntry(
                i,
                events.MOVED_TO_BACKLOG,
                {"reason": reason, "clocks_stopped": stopped.get(i.pk, 0)},
                actor=by,
            )
            for i in parked
        ]
        timeline_append_many(entries, at=now)
    return parked
