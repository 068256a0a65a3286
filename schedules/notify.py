"""Telling a person something about their schedule (a hand-off, an override, a gap report):
one message through the outbox, about no incident, over the first channel they can be
reached on, the others as fallbacks."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from notifications.paging import person_address
from notifications.services import notification_enqueue


def reachable_channels(user: Any) -> list[tuple[str, str]]:
    """The person's channels in the playbook's order, each with their address there."""
    order = [channel for stage in settings.PAGING_CHANNEL_STAGES for channel in stage]
    addresses = [(channel, person_address(user, channel)) for channel in order]
    return [(channel, address) for channel, address in addresses if address]


def tell(user: Any, *, reason: str, key: str, subject: str, body: str) -> bool:
    """Queue the message (in the caller's transaction; sent after commit). False when the
    person has no channel at all. Idempotent on `key`."""
    channels = reachable_channels(user)
    if not channels:
        return False
    (channel, address), *fallbacks = channels
    notification_enqueue(
        incident=None,
        channel=channel,
        address=address,
        subject=subject,
        body=body,
        reason=reason,
        key=key,
        user=user,
        fallbacks=fallbacks,
    )
    return True


def language_of(user: Any) -> str:
    return getattr(getattr(user, "profile", None), "language", "") or settings.LANGUAGE_CODE


def zone_of(user: Any) -> str:
    return getattr(getattr(user, "profile", None), "timezone", "") or settings.TIME_ZONE


@contextmanager
def speaking_to(user: Any) -> Iterator[None]:
    """Words, dates and times in the person's language and time zone."""
    with translation.override(language_of(user)), timezone.override(zone_of(user)):
        yield
