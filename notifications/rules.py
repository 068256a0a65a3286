"""Each person's notification rules: which channels page them, and how long after the page,
per severity. The steps at 0 minutes are the page itself; each later step is a deadline row
(kind "louder:<page>:<n>", see notifications.louder) stopped by the acknowledgement."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction

from incidents.models import Severity

from .models import Channel, NotificationRule

Rules = dict[str, int]  # {channel: after minutes}
Step = tuple[int, list[str]]  # (after minutes, the channels sent together then)


def default_rules(severity: str) -> Rules:
    """settings.PAGING_DEFAULT_RULES for a severity (Slack only when it names none)."""
    return dict(settings.PAGING_DEFAULT_RULES.get(severity) or {Channel.SLACK.value: 0})


def rules_of(users: Iterable[Any]) -> dict[int, dict[str, Rules]]:
    """{user pk: {severity: {channel: minutes}}}: the people's own rules, in one query."""
    found: dict[int, dict[str, Rules]] = {}
    rows = NotificationRule.objects.filter(user__in=[u.pk for u in users])
    for user_id, severity, channel, minutes in rows.values_list(
        "user_id", "severity", "channel", "after_minutes"
    ):
        found.setdefault(user_id, {}).setdefault(severity, {})[channel] = minutes
    return found


def person_rules(user: Any) -> dict[str, Rules]:
    """One person's own rules, {severity: {channel: minutes}} (empty: the defaults)."""
    return rules_of([user]).get(int(user.pk), {})


def rules_for(own: Mapping[str, Rules], severity: str) -> Rules:
    """A person's rules for a severity: their own, else the defaults."""
    return dict(own.get(severity) or default_rules(severity))


def steps(rules: Rules) -> list[Step]:
    """The rules as steps, soonest first; the first step is sent at once, whatever its
    minutes say (the page itself)."""
    order = {channel: n for n, channel in enumerate(Channel.values)}
    by_minute: dict[int, list[str]] = {}
    for channel, minutes in rules.items():
        by_minute.setdefault(int(minutes), []).append(channel)
    planned = [
        (minutes, sorted(channels, key=order.__getitem__))
        for minutes, channels in sorted(by_minute.items())
    ]
    if planned and planned[0][0] != 0:
        first_minutes = planned[0][0]
        planned = [(m - first_minutes, c) for m, c in planned]
    return planned


def fallback_stages(channels: Iterable[str]) -> list[list[str]]:
    """When every message of `channels` failed: the playbook's channel stages
    (settings.PAGING_CHANNEL_STAGES) after the loudest of them, leaving those out."""
    used = set(channels)
    order = settings.PAGING_CHANNEL_STAGES
    last = max((n for n, stage in enumerate(order) if used & set(stage)), default=-1)
    later = [[c for c in stage if c not in used] for stage in order[last + 1 :]]
    return [stage for stage in later if stage]


def configured_channels(own: Mapping[str, Rules]) -> list[str]:
    """Every channel a person's rules (or the defaults) use, in channel order."""
    used = {channel for severity in Severity.values for channel in rules_for(own, severity)}
    return [channel for channel in Channel.values if channel in used]


def notification_rules_save(*, user: Any, rules: Mapping[str, Rules]) -> None:
    """Replace a person's rules by `rules` ({severity: {channel: minutes}}), one transaction."""
    with transaction.atomic():
        NotificationRule.objects.filter(user=user).delete()
        NotificationRule.objects.bulk_create(
            NotificationRule(user=user, severity=severity, channel=channel, after_minutes=minutes)
            for severity, by_channel in rules.items()
            for channel, minutes in by_channel.items()
        )
