"""Timeline event kinds recorded by the reviews app, and its page reasons."""

from django.utils.translation import gettext_lazy as _

from incidents.models import StopsOn
from notifications.reasons import PageReason

REVIEW_CREATED = "review_created"
REVIEW_SUBMITTED = "review_submitted"
REVIEW_MEETING = "review_meeting_recorded"
REVIEW_APPROVED = "review_approved"
REVIEW_PUBLISHED = "review_published"
REVIEW_AMENDED = "review_amended"
REVIEW_OVERDUE = "review_overdue"
REVIEW_OWNER_CHANGED = "review_owner_changed"
ACTION_ITEM_ADDED = "action_item_added"
ACTION_ITEM_CHANGED = "action_item_changed"
ACTION_ITEM_CLOSED = "action_item_closed"
ACTION_ITEM_REOPENED = "action_item_reopened"
ACTION_ITEM_OVERDUE = "action_item_overdue"

# How pages and the paging log name our reasons (settings.NOTIFICATION_REASONS), and what
# stops them: nothing, they are about the time after the incident.
PAGE_REASONS = {
    REVIEW_OVERDUE: PageReason(_("post-incident review overdue"), StopsOn.NEVER),
    ACTION_ITEM_OVERDUE: PageReason(_("action item overdue"), StopsOn.NEVER),
}
