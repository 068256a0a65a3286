"""Timeline event kinds recorded by the escalation app (templates/timeline/<kind>.html)."""

SLA_BREACHED = "sla_breached"
ESCALATED = "escalated"
DEADLINE_REACHED = "deadline_reached"

# The incident page's timeline filter (settings.TIMELINE_EVENT_GROUPS).
TIMELINE_GROUPS = {SLA_BREACHED: "paging", ESCALATED: "paging", DEADLINE_REACHED: "paging"}
