"""Given a role, told at once: when a commander gives someone a role that pages
(settings.SCHEDULE_PAGING_ROLES: First Responder, Escalation Engineer, Incident Commander,
Security) on an open incident, that person is paged for it through their own channels, and
louder until they acknowledge the page or the incident is resolved, as an escalation's page
is: at 3 a.m. nobody learns they are the Escalation Engineer by reading the timeline.

Not when they took the role themselves, nor when the sweep gave it (by nobody: it has paged
them already). settings.INCIDENT_ROLE_HOOKS, in the assignment's transaction."""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings

from incidents.actors import Actor
from incidents.batch_services import RoleChange

from .paging import PageRequest, page_people

ASSIGNED = "assigned"  # the reason's detail: "<role key>:assigned" pages for that role


def assigned_page_holders(*, changes: Sequence[RoleChange], by: Actor, at: datetime) -> None:
    by_id = getattr(by, "pk", None)
    if by_id is None:
        return
    paging_roles = set(getattr(settings, "SCHEDULE_PAGING_ROLES", ()))
    page_people(
        [
            PageRequest(
                change.incident,
                change.user,
                f"{change.role.key}:{ASSIGNED}",
                f"assigned:{change.incident.pk}:{change.role.key}:{change.user.pk}:{at.isoformat()}",
                until_answered=True,
            )
            for change in changes
            if change.user is not None
            and change.user.pk != by_id
            and change.role.key in paging_roles
            and change.incident.is_open
        ]
    )
