"""Taking a role away on an incident without giving it to anyone (incident_assign_role, in
services.py, gives it to someone else and so relieves the previous holder).

The person removed is relieved exactly as by a reassignment: settings.INCIDENT_ROLE_HOOKS see
a RoleChange with no new holder (notifications.relief stops their pages for the role)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events
from .actors import Actor
from .batch_services import RoleChange, run_role_hooks
from .errors import IncidentActionError
from .models import DeadlineKind, Incident, IncidentRoleAssignment, Role, RoleKey
from .selectors import display_name
from .services import timeline_append
from .validators import has_control_characters


def _brings_commander(kind: str, data: dict[str, Any]) -> bool:
    """A deadline that, once fired, brought an Incident Commander in: the severity's clock
    (4x SLA, or at open for P0) or a scenario rule escalating to one."""
    if kind == DeadlineKind.INCIDENT_COMMANDER:
        return True
    if (data or {}).get("action") != "escalate":
        return False
    commander = RoleKey.INCIDENT_COMMANDER.value
    return data.get("target") == commander or commander in (data.get("also") or [])


def commander_required(incident: Incident) -> bool:
    """Whether the playbook wants this incident to have an Incident Commander now: every
    open P0 (the commander joins at once), and an open incident whose clock or scenario rule
    has called one in (4x SLA; scenario 3 after 2 h, 10 immediately...). Those clocks fire
    once, so a commander taken away there would not be called in again."""
    if not incident.is_open:
        return False
    if incident.commander_at_open:
        return True
    fired = incident.deadlines.filter(fired_at__isnull=False).values_list("kind", "data")
    return any(_brings_commander(kind, data) for kind, data in fired)


def incident_unassign_role(
    *, incident: Incident, role: Role, user: Any, by: Actor, reason: str = ""
) -> Incident:
    """Take `role` on the incident away from `user`, who holds it: nobody holds it after.
    Refused when they do not hold it, or when it is the Incident Commander's role and the
    playbook wants one (commander_required): give it to someone else instead."""
    reason = reason.strip()
    if has_control_characters(reason):
        raise IncidentActionError(_("The reason is one line without control characters."))
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        held = current.assignments.filter(role=role, user=user, ended_at__isnull=True).first()
        names = {"name": display_name(user), "role": role.name, "ref": current.reference}
        if held is None:
            raise IncidentActionError(_("%(name)s does not hold %(role)s on %(ref)s.") % names)
        if role.key == RoleKey.INCIDENT_COMMANDER and commander_required(current):
            raise IncidentActionError(
                _(
                    "%(ref)s must keep an Incident Commander while it is open: give the role "
                    "to someone else instead of removing %(name)s."
                )
                % names
            )
        now = timezone.now()
        IncidentRoleAssignment.objects.filter(pk=held.pk).update(ended_at=now)
        data = {"role": role.key, "user_id": user.pk, "user": display_name(user), "reason": reason}
        timeline_append(incident=current, kind=events.ROLE_REMOVED, actor=by, at=now, data=data)
        run_role_hooks([RoleChange(current, role, None, previous=user)], by=by, at=now)
    return current
