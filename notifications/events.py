"""Timeline kinds recorded by the notifications app (templates in templates/timeline/)."""

PAGE_DELIVERED = "page_delivered"
PAGE_FAILED = "page_failed"
PAGE_FALLBACK = "page_fallback"
PAGE_NOT_SENT = "page_not_sent"
