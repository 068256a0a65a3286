"""Timeline event kinds recorded by the communications app, and its page reasons."""

from django.utils.translation import gettext_lazy as _

SENT = "communication_sent"
STATE_CHANGED = "communication_state_changed"
OVERDUE = "stakeholder_update_overdue"

# How pages and the paging log name our reasons (settings.NOTIFICATION_REASONS).
PAGE_REASONS = {
    OVERDUE: _("stakeholder update overdue"),
    SENT: _("stakeholder communication"),
}

# The incident page's timeline filter (settings.TIMELINE_EVENT_GROUPS).
TIMELINE_GROUPS = {OVERDUE: "paging"}
