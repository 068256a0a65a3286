"""Timeline event kinds recorded by the communications app."""

SENT = "communication_sent"
STATE_CHANGED = "communication_state_changed"
OVERDUE = "stakeholder_update_overdue"
