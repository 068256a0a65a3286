"""Timeline event kinds recorded by the incidents app. Other apps add their own."""

DECLARED = "declared"
ACKNOWLEDGED = "acknowledged"
MITIGATED = "mitigated"
RESOLVED = "resolved"
CLOSED = "closed"
REOPENED = "reopened"
SEVERITY_CHANGED = "severity_changed"
ROLE_ASSIGNED = "role_assigned"
ROLE_REMOVED = "role_removed"  # taken away, given to nobody (role_services)
NOTE_ADDED = "note_added"
RESTRICTION_CHANGED = "restriction_changed"

TRANSITION_EVENTS = {
    "acknowledge": ACKNOWLEDGED,
    "mitigate": MITIGATED,
    "resolve": RESOLVED,
    "close": CLOSED,
    "reopen": REOPENED,
}
MOVED_TO_BACKLOG = "moved_to_backlog"
