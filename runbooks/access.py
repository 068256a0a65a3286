"""This app's permissions for the shipped groups (listed in settings.GROUP_PERMISSIONS):
responders work the checklist, commanders also waive and confirm, managers read."""

from django.utils.translation import gettext_lazy as _

from incidents.access import COMMANDER, MANAGER, RESPONDER, AppPermissions

_WORK_THE_CHECKLIST = [
    "runbooks.view_scenario",
    "runbooks.attach_scenario",
    "runbooks.tick_step",
    "runbooks.run_check",
    "runbooks.answer_personal_data",
    "runbooks.answer_condition",
]

PERMISSIONS = AppPermissions(
    groups={
        RESPONDER: _WORK_THE_CHECKLIST,
        COMMANDER: [
            *_WORK_THE_CHECKLIST,
            "runbooks.waive_verification",
            "runbooks.confirm_rollback",
            "runbooks.record_anpd_notice",
        ],
        MANAGER: ["runbooks.view_scenario"],
    },
    why={
        "runbooks.view_scenario": _("Only members of the incident team can read the runbooks."),
        "runbooks.attach_scenario": _("Only responders and commanders can attach a scenario."),
        "runbooks.tick_step": _("Only responders and commanders can work the checklist."),
        "runbooks.run_check": _("Only responders and commanders can run health checks."),
        "runbooks.answer_personal_data": _(
            "Only responders and commanders can say whether personal data was affected."
        ),
        "runbooks.waive_verification": _("Only incident commanders can waive the verification."),
        "runbooks.confirm_rollback": _("Only incident commanders can confirm a rollback here."),
        "runbooks.answer_condition": _(
            "Only responders and commanders can say whether a rule's condition still holds."
        ),
        "runbooks.record_anpd_notice": _(
            "Only incident commanders can record and write the notice to the ANPD."
        ),
    },
)
