"""Kinds on the schedule's audit trail, and the page reasons this app adds."""

from django.utils.translation import gettext_lazy

ROTATION_SAVED = "rotation_saved"
ROTATION_DELETED = "rotation_deleted"
OVERRIDE_CREATED = "override_created"
OVERRIDE_CANCELLED = "override_cancelled"
FEED_RESET = "feed_reset"
HANDOFF_SENT = "handoff_sent"
GAP_REPORTED = "gap_reported"

LABELS = {
    ROTATION_SAVED: gettext_lazy("Rotation saved"),
    ROTATION_DELETED: gettext_lazy("Rotation deleted"),
    OVERRIDE_CREATED: gettext_lazy("Override"),
    OVERRIDE_CANCELLED: gettext_lazy("Override cancelled"),
    FEED_RESET: gettext_lazy("Calendar link reset"),
    HANDOFF_SENT: gettext_lazy("Hand-off message sent"),
    GAP_REPORTED: gettext_lazy("Coverage gaps reported"),
}

# settings.NOTIFICATION_REASONS
PAGE_REASONS = {
    "nobody_on_call": gettext_lazy("nobody is on call for this role: you are the fallback"),
    "handoff": gettext_lazy("on-call hand-off"),
    "override": gettext_lazy("on-call override"),
    "gap_report": gettext_lazy("on-call coverage gaps"),
}
