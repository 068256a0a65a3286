"""Timeline kinds recorded by the notifications app (templates in templates/timeline/)."""

PAGE_DELIVERED = "page_delivered"
PAGE_FAILED = "page_failed"
PAGE_FALLBACK = "page_fallback"
PAGE_NOT_SENT = "page_not_sent"
PAGED_LOUDER = "paged_louder"
PAGE_ACKNOWLEDGED = "page_acknowledged"  # a person answered their page (notifications.answer)
PAGES_RELIEVED = "pages_relieved"  # relieved of a role: pages for it stopped (.relief)

# The incident page's timeline filter (settings.TIMELINE_EVENT_GROUPS).
TIMELINE_GROUPS = {
    kind: "paging"
    for kind in (
        PAGE_DELIVERED,
        PAGE_FAILED,
        PAGE_FALLBACK,
        PAGE_NOT_SENT,
        PAGED_LOUDER,
        PAGE_ACKNOWLEDGED,
        PAGES_RELIEVED,
    )
}
