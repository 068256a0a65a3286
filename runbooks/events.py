"""Timeline event kinds the runbooks app records (rendered by templates/timeline/<kind>.html),
and its page reasons."""

from django.utils.translation import gettext_lazy as _

from incidents.models import RoleKey, StopsOn
from notifications.reasons import PageReason

SCENARIO_ATTACHED = "scenario_attached"
STEP_DONE = "step_done"
STEP_SKIPPED = "step_skipped"
STEP_FAILED = "step_failed"
STEP_REOPENED = "step_reopened"
HEALTH_CHECK = "health_check"
VERIFICATION_WAIVED = "verification_waived"
ROLLBACK_CONFIRMED = "rollback_confirmed"
PERSONAL_DATA_ANSWERED = "personal_data_answered"
LGPD_DEADLINE_PASSED = "lgpd_deadline_passed"

STEP_EVENTS = {"done": STEP_DONE, "skipped": STEP_SKIPPED, "failed": STEP_FAILED}

# Deadline kinds of this app (scenario rules use f"rule:{rule.pk}").
ROLLBACK_FAILED_DEADLINE = "rollback_failed"
LGPD_DEADLINE = "lgpd_notice"

# The commander is paged about the LGPD notice even after the resolve
# (settings.NOTIFICATION_REASONS).
LGPD_PAGE_REASON = f"{RoleKey.INCIDENT_COMMANDER.value}:{LGPD_DEADLINE}"
PAGE_REASONS = {LGPD_PAGE_REASON: PageReason(_("LGPD notice overdue"), StopsOn.NEVER)}

# The incident page's timeline filter (settings.TIMELINE_EVENT_GROUPS).
TIMELINE_GROUPS = {
    kind: "checklist"
    for kind in (
        SCENARIO_ATTACHED, STEP_DONE, STEP_SKIPPED, STEP_FAILED, STEP_REOPENED, HEALTH_CHECK,
        VERIFICATION_WAIVED, ROLLBACK_CONFIRMED, PERSONAL_DATA_ANSWERED,
    )
}  # fmt: skip
