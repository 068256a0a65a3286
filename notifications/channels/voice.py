"""Voice calls through the configured HTTP provider (see README, "Paging providers")."""

from django.conf import settings

from ..links import outgoing_body
from ..models import Notification
from .base import SendResult, no_address, not_configured, post_json


def send(notification: Notification) -> SendResult:
    if not settings.VOICE_PROVIDER_URL:
        return not_configured("VOICE_PROVIDER_URL")
    if not notification.address:
        return no_address("phone number")
    payload = {
        "to": notification.address,
        "message": outgoing_body(notification),
        "reference": notification.key,
    }
    return post_json(settings.VOICE_PROVIDER_URL, payload, token=settings.VOICE_PROVIDER_TOKEN)
