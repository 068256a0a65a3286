"""Relieved of a role, paged no more for it: when a role on an incident goes to someone else
(a commander gives the Escalation Engineer's role to another engineer because the one paged
does not answer) or is taken away from them (incidents.role_services.incident_unassign_role:
a RoleChange with no new holder), the pages that person was sent for that role stop:
their louder steps are cancelled and nothing more of those pages is sent
(Notification.relieved_at on each page's first row, checked by the outbox,
notifications.stopping). Their pages for other roles or reasons, and everyone else's, go
on. The timeline says so.

settings.INCIDENT_ROLE_HOOKS: the hub calls relieved_stop_pages in the assignment's
transaction, once for a batch of role changes, in a fixed number of queries."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import Q

from incidents.actors import Actor
from incidents.batch_services import (
    RoleChange,
    TimelineEntry,
    deadlines_cancel_many,
    timeline_append_many,
)
from incidents.models import Deadline
from incidents.selectors import display_name

from . import events
from .louder import ACTION, paged_for
from .models import PENDING_STATUSES, Notification
from .reasons import reason_role

Slot = tuple[int, int, str]  # (incident id, relieved person's id, role key)


def page_role(reason: str) -> str:
    """The role a page (or a louder step's page, by the page it follows) was sent for."""
    return reason_role(paged_for(reason))


def relieved_stop_pages(*, changes: Sequence[RoleChange], by: Actor, at: datetime) -> list[Slot]:
    """settings.INCIDENT_ROLE_HOOKS: for each change that relieved someone of a role, stop
    the pages they were sent for that role on that incident; on the timeline where any of
    them still rang. Returns the (incident, person, role) whose pages were stopped."""
    relieved: dict[Slot, RoleChange] = {
        (c.incident.pk, c.previous.pk, c.role.key): c
        for c in changes
        if c.previous is not None and (c.user is None or c.previous.pk != c.user.pk)
    }
    if not relieved:
        return []
    pairs = Q()
    for incident_id, user_id, _role in relieved:
        pairs |= Q(incident_id=incident_id, user_id=user_id)
    pages = _pages_for_roles(pairs, relieved)
    steps = _steps_for_roles(relieved)
    ringing = _ringing(pages, steps)
    Notification.objects.filter(pk__in=[p.pk for slot in pages for p in pages[slot]]).update(
        relieved_at=at
    )
    deadlines_cancel_many([d for slot in steps for d in steps[slot]], at=at)
    timeline_append_many(
        [
            TimelineEntry(
                relieved[slot].incident,
                events.PAGES_RELIEVED,
                _entry(relieved[slot], len(steps.get(slot, []))),
                actor=by,
            )
            for slot in relieved
            if slot in ringing
        ],
        at=at,
    )
    return [slot for slot in relieved if slot in ringing]


def _slot(incident_id: int, user_id: int | None, reason: str) -> Slot:
    return (incident_id, user_id or 0, page_role(reason))


def _pages_for_roles(pairs: Q, relieved: dict[Slot, Any]) -> dict[Slot, list[Notification]]:
    """The pages (first rows) still unanswered to each relieved person for their role."""
    roots = Notification.objects.filter(
        pairs, root__isnull=True, acknowledged_at__isnull=True, relieved_at__isnull=True
    ).only("pk", "incident_id", "user_id", "reason")
    found: dict[Slot, list[Notification]] = {}
    for page in roots:
        slot = _slot(page.incident_id or 0, page.user_id, page.reason)
        if slot in relieved:
            found.setdefault(slot, []).append(page)
    return found


def _steps_for_roles(relieved: dict[Slot, Any]) -> dict[Slot, list[Deadline]]:
    """Each relieved person's louder steps still to come for their role's pages."""
    incident_ids = {incident_id for incident_id, _u, _r in relieved}
    rows = Deadline.objects.pending().filter(
        incident_id__in=incident_ids, kind__startswith=f"{ACTION}:"
    )
    found: dict[Slot, list[Deadline]] = {}
    for step in rows.only("pk", "incident_id", "data"):
        slot = _slot(step.incident_id, int(step.data.get("user_id") or 0), step.data["reason"])
        if slot in relieved:
            found.setdefault(slot, []).append(step)
    return found


def _ringing(pages: dict[Slot, list[Notification]], steps: dict[Slot, list[Deadline]]) -> set[Slot]:
    """The slots where something was still to come: a louder step, or a message of one of
    the pages still queued or being sent."""
    ringing = set(steps)
    slot_of = {page.pk: slot for slot, rows in pages.items() for page in rows}
    if slot_of:
        pending = Notification.objects.filter(
            Q(pk__in=slot_of) | Q(root_id__in=slot_of), status__in=PENDING_STATUSES
        ).values_list("pk", "root_id")
        ringing |= {slot_of[root_id or pk] for pk, root_id in pending}
    return ringing


def _entry(change: RoleChange, steps: int) -> dict[str, Any]:
    person = change.previous
    return {
        "role": change.role.key,
        "user_id": person.pk,
        "user": display_name(person),
        "holder": display_name(change.user) if change.user is not None else "",
        "steps_stopped": steps,
    }
