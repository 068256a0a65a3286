"""Timeline event kinds recorded by the escalation app (templates/timeline/<kind>.html)."""

SLA_BREACHED = "sla_breached"
ESCALATED = "escalated"
DEADLINE_REACHED = "deadline_reached"
FIRST_RESPONDER_PAGED = "first_responder_paged"

# The incident page's timeline filter (settings.TIMELINE_EVENT_GROUPS).
TIMELINE_GROUPS = {
    kind: "paging" for kind in (SLA_BREACHED, ESCALATED, DEADLINE_REACHED, FIRST_RESPONDER_PAGED)
}
