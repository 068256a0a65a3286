"""Channel adapters: one module per channel, each with `send(notification) -> SendResult`.

Adapters read their endpoints and secrets from settings only (never from user
input), never raise for a delivery problem, and say whether a failure is worth
retrying (`permanent=False`) or should move straight to the next channel.
"""

from collections.abc import Callable

from ..models import Channel, Notification
from . import email, slack, sms, voice
from .base import SendResult

ADAPTERS: dict[str, Callable[[Notification], SendResult]] = {
    Channel.EMAIL: email.send,
    Channel.SLACK: slack.send,
    Channel.SMS: sms.send,
    Channel.VOICE: voice.send,
}


def send(notification: Notification) -> SendResult:
    adapter = ADAPTERS.get(notification.channel)
    if adapter is None:
        return SendResult.failure(f"unknown channel {notification.channel!r}", permanent=True)
    return adapter(notification)


__all__ = ["ADAPTERS", "SendResult", "send"]
