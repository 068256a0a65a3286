"""This app's permissions for the shipped groups (listed in settings.GROUP_PERMISSIONS):
commanders send and edit templates, managers edit templates, everyone reads."""

from django.utils.translation import gettext_lazy as _

from incidents.access import COMMANDER, MANAGER, RESPONDER, AppPermissions

_READ = ["communications.view_incidentcomms", "communications.view_messagetemplate"]

PERMISSIONS = AppPermissions(
    groups={
        RESPONDER: _READ,
        MANAGER: [*_READ, "communications.change_messagetemplate"],
        COMMANDER: [
            *_READ,
            "communications.change_messagetemplate",
            "communications.send_communication",
        ],
    },
    why={
        "communications.view_incidentcomms": _("Only the incident team can see communications."),
        "communications.view_messagetemplate": _("Only the incident team can see templates."),
        "communications.change_messagetemplate": _(
            "Only incident commanders and managers can edit message templates."
        ),
        "communications.send_communication": _(
            "Only incident commanders send stakeholder communications."
        ),
    },
)
