"""The playbook's post-mortem sections as the review shows them (in its language)."""

from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "timeline": _("Timeline"),
    "impact": _("Impact"),
    "users_affected": _("Users affected"),
    "downtime_minutes": _("Downtime (minutes)"),
    "data_loss": _("Data loss"),
    "root_cause": _("Root cause"),
    "resolution": _("Resolution"),
    "went_well": _("What went well"),
    "went_wrong": _("What went wrong"),
    "action_items": _("Action items"),
}


def section_label(name: str) -> str:
    return str(SECTION_LABELS.get(name, name))
