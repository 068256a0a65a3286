"""Timeline event kinds recorded by the escalation app (templates/timeline/<kind>.html)."""

SLA_BREACHED = "sla_breached"
ESCALATED = "escalated"
DEADLINE_REACHED = "deadline_reached"
FIRST_RESPONDER_PAGED = "first_responder_paged"
