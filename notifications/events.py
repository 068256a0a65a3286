"""Timeline kinds recorded by the notifications app (templates in templates/timeline/)."""

PAGE_DELIVERED = "page_delivered"
PAGE_FAILED = "page_failed"
PAGE_FALLBACK = "page_fallback"

# The incident page's timeline filter (settings.TIMELINE_EVENT_GROUPS).
TIMELINE_GROUPS = {PAGE_DELIVERED: "paging", PAGE_FAILED: "paging", PAGE_FALLBACK: "paging"}
