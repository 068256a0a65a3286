"""Slack through an incoming webhook (SLACK_WEBHOOK_URL): POST {"text": ...}.

The webhook posts to the alerts channel it was created for. `address` is the
Slack handle to mention (a member id like U012AB3CD becomes a real mention);
empty means a plain channel post.
"""

import re

from django.conf import settings

from ..links import outgoing_body
from ..models import Notification
from .base import SendResult, not_configured, post_json

MEMBER_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")


def escape(text: str) -> str:
    """Slack's escaping: &, < and > as entities, so no text we send becomes a mention
    (<!channel>, <!here>, <@U...>) or a disguised link (<https://evil|click here>)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(handle: str) -> str:
    handle = handle.strip().lstrip("@")
    if not handle:
        return ""
    return f"<@{handle}>" if MEMBER_ID.match(handle) else f"@{escape(handle)}"


def message_text(notification: Notification) -> str:
    """The mention we make, then the subject and body as text: every character of theirs
    escaped (Slack markup of our own is limited to the mention and the bold subject)."""
    parts = [mention(notification.address)]
    if notification.subject:
        parts.append(f"*{escape(notification.subject)}*")
    text = " ".join(p for p in parts if p)
    body = escape(outgoing_body(notification))
    return f"{text}\n{body}" if text else body


def send(notification: Notification) -> SendResult:
    url = settings.SLACK_WEBHOOK_URL
    if not url:
        return not_configured("SLACK_WEBHOOK_URL")
    return post_json(url, {"text": message_text(notification)})
