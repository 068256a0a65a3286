"""Paging people: page_people is the implementation (one escalation sweep batch is one call:
a fixed number of queries and ONE Celery message for the lot, published after commit);
page_person is page_people for one page."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone

from incidents.models import Incident

from .chain import ChainStart, chain_rows, start_chains_once
from .louder import plan_louder_steps
from .messages import page_messages
from .models import Channel, Notification
from .rules import Step, fallback_stages, rules_for, rules_of, steps


@dataclass(frozen=True)
class PageRequest:
    """Page `user` about `incident`; `key` makes it idempotent (see page_person).

    By default the person's notification rules for the incident's severity say which
    channels page them now and which later (louder steps, while unacknowledged);
    `channels` pages on exactly those now, with no later steps (a louder step itself).
    `until_answered` (an escalation's page): the louder steps go on past the incident's
    acknowledgement, until this person acknowledges the page or the incident is resolved."""

    incident: Incident
    user: Any
    reason: str
    key: str
    channels: tuple[str, ...] = ()
    until_answered: bool = False


def person_address(user: Any, channel: str) -> str:
    profile = getattr(user, "profile", None)
    if channel == Channel.EMAIL:
        return user.email or ""
    if channel == Channel.SLACK:
        return getattr(profile, "slack_handle", "") or ""
    return getattr(profile, "phone", "") or ""


def person_stages(user: Any, first: Sequence[str]) -> list[list[tuple[str, str]]]:
    """The stages of one page to one person: `first` (the channels paged now), then, for
    as long as every message of a stage fails, the playbook's later channels; each
    (channel, their address there)."""
    return [
        [(channel, person_address(user, channel)) for channel in stage]
        for stage in [list(first), *fallback_stages(first)]
    ]


def page_people(pages: Sequence[PageRequest]) -> list[Notification]:
    """page_person for many pages, in the caller's transaction. Returns each page's first
    row (the chain's root), in order; a key paged before returns its existing root."""
    if not pages:
        return []
    new: dict[str, PageRequest] = {}
    for page in pages:
        new.setdefault(page.key, page)
    # Keys are nearly always new (the sweep pages each level once): write first, and only
    # when the unique key says one is not, look the existing ones up and write the rest.
    roots = _start_chains_once(list(new.values()))
    if roots is None:
        roots = {
            n.key: n
            for n in Notification.objects.filter(key__in=new, root__isnull=True).select_related(
                "incident", "user"
            )
        }
        fresh = [page for key, page in new.items() if key not in roots]
        started = _start_chains_once(fresh)
        if started is None:
            # Someone paged one of these keys at this very moment: one by one, which
            # keeps their rows for that key and creates ours for the others.
            for page in fresh:
                roots.update(_start_chains_once([page]) or _existing_root(page.key))
        else:
            roots.update(started)
    return [roots[page.key] for page in pages]


def page_person(*, incident: Incident, user: Any, reason: str, key: str) -> list[Notification]:
    """Page one person about an incident through the playbook's channel order.

    Slack (mentioning their handle in the alerts channel) first, then email + SMS,
    then a voice call; each stage starts when every message of the previous one
    failed after its retries, or at once when the person has no address for it.
    Idempotent on `key`: a second call returns the existing rows. Call it inside the
    caller's transaction; delivery is queued with transaction.on_commit. Returns the
    chain's rows so far, stage by stage.
    """
    [root] = page_people([PageRequest(incident, user, reason, key)])
    return chain_rows(root.pk)


def _existing_root(key: str) -> dict[str, Notification]:
    root = Notification.objects.select_related("incident", "user").get(key=key, root__isnull=True)
    return {key: root}


def _start_chains_once(pages: list[PageRequest]) -> dict[str, Notification] | None:
    """Each page's chain (the person's channel stages, the text in their language) written
    by chain.start_chains_once: None when a key was already taken (nothing written)."""
    if not pages:
        return {}
    prefetch_related_objects(list({id(p.user): p.user for p in pages}.values()), "profile")
    people = {p.user.pk: p.user for p in pages}  # few people, many pages
    own_rules = rules_of(people.values())
    plans: list[list[Step]] = [
        [(0, list(p.channels))]
        if p.channels
        else steps(rules_for(own_rules.get(p.user.pk, {}), p.incident.severity))
        for p in pages
    ]
    stages: dict[tuple[int, tuple[str, ...]], list[list[tuple[str, str]]]] = {}
    firsts = [tuple(plan[0][1]) for plan in plans]
    for p, first in zip(pages, firsts, strict=True):
        if (p.user.pk, first) not in stages:
            stages[(p.user.pk, first)] = person_stages(p.user, first)
    messages = page_messages([(p.incident, p.user, p.reason) for p in pages])
    roots = start_chains_once(
        [
            ChainStart(p.incident, p.user, subject, body, p.reason, p.key, stages[(p.user.pk, f)])
            for p, f, (subject, body) in zip(pages, firsts, messages, strict=True)
        ]
    )
    if roots is not None:  # the later steps of the pages just written
        plan_louder_steps(
            [
                (p.incident, p.user, p.reason, roots[p.key], plan, p.until_answered)
                for p, plan in zip(pages, plans, strict=True)
                if len(plan) > 1
            ],
            now=timezone.now(),
        )
    return roots
