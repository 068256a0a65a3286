"""Timeline event kinds recorded by the communications app, and its page reasons."""

from django.utils.translation import gettext_lazy as _

from incidents.models import StopsOn
from notifications.reasons import PageReason

SENT = "communication_sent"
STATE_CHANGED = "communication_state_changed"
OVERDUE = "stakeholder_update_overdue"
RESOLVED_NOTICE_WAIVED = "resolved_notice_waived"

# How pages and the paging log name our reasons, and what stops them
# (settings.NOTIFICATION_REASONS): the "incident resolved" notice goes out after the resolve.
PAGE_REASONS = {
    OVERDUE: PageReason(_("stakeholder update overdue"), until_answered=True),
    SENT: PageReason(_("stakeholder communication"), StopsOn.NEVER),
}

# The incident page's timeline filter (settings.TIMELINE_EVENT_GROUPS).
TIMELINE_GROUPS = {OVERDUE: "paging"}
