"""This app's permissions for the shipped groups (settings.GROUP_PERMISSIONS): the whole team
sees integrations; commanders and managers create them, edit rules and rotate tokens."""

from django.utils.translation import gettext_lazy as _

from incidents.access import COMMANDER, MANAGER, RESPONDER, AppPermissions

_VIEW = ["alerts.view_integration"]

PERMISSIONS = AppPermissions(
    groups={
        RESPONDER: _VIEW,
        COMMANDER: [*_VIEW, "alerts.manage_integrations"],
        MANAGER: [*_VIEW, "alerts.manage_integrations"],
    },
    why={
        "alerts.view_integration": _("Only the incident team can see integrations."),
        "alerts.manage_integrations": _(
            "Only incident commanders and managers can manage integrations."
        ),
    },
)
