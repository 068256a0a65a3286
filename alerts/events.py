"""Timeline event kinds this app records (rendered by templates/timeline/<kind>.html)."""

ALERT_OPENED = "alert_opened"  # the incident was opened by an alert
ALERT_REPEATED = "alert_repeated"  # fired again (at most once a minute on the timeline)
ALERT_ADDED = "alert_added"  # another alert joined the group (groupKey grouping)
ALERT_RESOLVED = "alert_resolved"
ALERTS_ALL_RESOLVED = "alerts_all_resolved"
ALERT_ACKNOWLEDGED = "alert_acknowledged"  # Events v2 acknowledge, by the integration
