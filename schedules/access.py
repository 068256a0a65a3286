"""This app's permissions for the shipped groups (settings.GROUP_PERMISSIONS): everyone on
the team sees schedules and hands over their own shifts; commanders and managers edit
rotations and assign overrides."""

from django.utils.translation import gettext_lazy as _

from incidents.access import COMMANDER, MANAGER, RESPONDER, AppPermissions

_READ = ["schedules.view_rotation", "schedules.add_override"]
_MANAGE = [*_READ, "schedules.manage_schedule"]

PERMISSIONS = AppPermissions(
    groups={RESPONDER: _READ, COMMANDER: _MANAGE, MANAGER: _MANAGE},
    why={
        "schedules.view_rotation": _("Only the incident team can see on-call schedules."),
        "schedules.add_override": _("Only the incident team can hand over shifts."),
        "schedules.manage_schedule": _(
            "Only incident commanders and managers can edit rotations and assign overrides."
        ),
    },
)
