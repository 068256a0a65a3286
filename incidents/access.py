"""Who may do what. Views check these permissions; templates only hide buttons."""

from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

RESPONDER = "Responder"
COMMANDER = "Commander"
MANAGER = "Manager"

_RESPONDER_PERMS = [
    "incidents.view_incident",
    "incidents.add_incident",
    "incidents.acknowledge_incident",
    "incidents.mitigate_incident",
    "incidents.resolve_incident",
    "incidents.add_note",
]
_COMMANDER_PERMS = [
    *_RESPONDER_PERMS,
    "incidents.change_severity",
    "incidents.assign_role",
    "incidents.close_incident",
    "incidents.reopen_incident",
]
_MANAGER_PERMS = ["incidents.view_incident"]

# runbooks: responders work the checklist, commanders waive/confirm, managers read.
_RUNBOOK_RESPONDER_PERMS = [
    "runbooks.view_scenario",
    "runbooks.attach_scenario",
    "runbooks.tick_step",
    "runbooks.run_check",
    "runbooks.answer_personal_data",
]
_RESPONDER_PERMS += _RUNBOOK_RESPONDER_PERMS
_COMMANDER_PERMS += [
    *_RUNBOOK_RESPONDER_PERMS,
    "runbooks.waive_verification",
    "runbooks.confirm_rollback",
]
_MANAGER_PERMS += ["runbooks.view_scenario"]

# Other apps append their permissions here (see each app's access notes).
GROUP_PERMISSIONS: dict[str, list[str]] = {
    RESPONDER: _RESPONDER_PERMS,
    COMMANDER: _COMMANDER_PERMS,
    MANAGER: _MANAGER_PERMS,
}

WHY = {
    "incidents.view_incident": _("Only members of the incident team can see incidents."),
    "incidents.add_incident": _("Only responders and commanders can declare incidents."),
    "incidents.acknowledge_incident": _("Only responders and commanders can acknowledge."),
    "incidents.mitigate_incident": _(
        "Only responders and commanders can mark an incident mitigated."
    ),
    "incidents.resolve_incident": _("Only responders and commanders can resolve incidents."),
    "incidents.add_note": _("Only responders and commanders can add notes."),
    "incidents.change_severity": _("Only incident commanders can change the severity."),
    "incidents.assign_role": _("Only incident commanders can assign roles."),
    "incidents.close_incident": _("Only incident commanders can close incidents."),
    "incidents.reopen_incident": _("Only incident commanders can reopen incidents."),
    "runbooks.view_scenario": _("Only members of the incident team can read the runbooks."),
    "runbooks.attach_scenario": _("Only responders and commanders can attach a scenario."),
    "runbooks.tick_step": _("Only responders and commanders can work the checklist."),
    "runbooks.run_check": _("Only responders and commanders can run health checks."),
    "runbooks.answer_personal_data": _(
        "Only responders and commanders can say whether personal data was affected."
    ),
    "runbooks.waive_verification": _("Only incident commanders can waive the verification."),
    "runbooks.confirm_rollback": _("Only incident commanders can confirm a rollback here."),
}


# communications: commanders send and edit templates, managers edit templates, all read.
_COMMS_READ = ["communications.view_incidentcomms", "communications.view_messagetemplate"]
GROUP_PERMISSIONS[RESPONDER] += _COMMS_READ
GROUP_PERMISSIONS[MANAGER] += [*_COMMS_READ, "communications.change_messagetemplate"]
GROUP_PERMISSIONS[COMMANDER] += [
    *_COMMS_READ,
    "communications.change_messagetemplate",
    "communications.send_communication",
]
WHY.update(
    {
        "communications.view_incidentcomms": _("Only the incident team can see communications."),
        "communications.view_messagetemplate": _("Only the incident team can see templates."),
        "communications.change_messagetemplate": _(
            "Only incident commanders and managers can edit message templates."
        ),
        "communications.send_communication": _(
            "Only incident commanders send stakeholder communications."
        ),
    }
)


def check_perm(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(WHY.get(perm, _("You are not allowed to do this.")))


def permission_required(perm: str):  # type: ignore[no-untyped-def]
    """Like Django's, but the 403 page says why instead of redirecting to login."""

    def decorator(view):  # type: ignore[no-untyped-def]
        @wraps(view)
        def wrapped(request, *args, **kwargs):  # type: ignore[no-untyped-def]
            check_perm(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
