"""Paging people: page_people is the implementation (one escalation sweep batch is one call:
a fixed number of queries and ONE Celery message for the lot, published after commit);
page_person is page_people for one page."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.bulk_insert import bulk_insert
from incidents.models import Incident

from . import events
from .chain import chain_rows, event_data, stage_key, stage_row
from .dispatch import dispatch_many
from .louder import plan_louder_steps
from .messages import page_messages
from .models import Channel, Notification, NotificationStatus
from .rules import Step, fallback_stages, rules_for, rules_of, steps


@dataclass(frozen=True)
class PageRequest:
    """Page `user` about `incident`; `key` makes it idempotent (see page_person).

    By default the person's notification rules for the incident's severity say which
    channels page them now and which later (louder steps, while unacknowledged);
    `channels` pages on exactly those now, with no later steps (a louder step itself)."""

    incident: Incident
    user: Any
    reason: str
    key: str
    channels: tuple[str, ...] = ()


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
    """_start_chains in a savepoint; None when a key was already taken (nothing written)."""
    if not pages:
        return {}
    try:
        with transaction.atomic():
            return _start_chains(pages, now=timezone.now())
    except IntegrityError:
        return None


def _start_chains(pages: list[PageRequest], *, now: datetime) -> dict[str, Notification]:
    """Write every page's rows: its first stage, and the stages after it for as long as a
    whole stage has no address to try (failed at once, as create_stage + fall_back do)."""
    prefetch_related_objects(list({id(p.user): p.user for p in pages}.values()), "profile")
    people = {p.user.pk: p.user for p in pages}  # few people, many pages
    own_rules = rules_of(people.values())
    messages = page_messages([(p.incident, p.user, p.reason) for p in pages])
    plans: list[list[Step]] = [
        [(0, list(p.channels))]
        if p.channels
        else steps(rules_for(own_rules.get(p.user.pk, {}), p.incident.severity))
        for p in pages
    ]
    stages: dict[tuple[int, tuple[str, ...]], list[list[tuple[str, str]]]] = {}
    for p, plan in zip(pages, plans, strict=True):
        first = tuple(plan[0][1])
        if (p.user.pk, first) not in stages:
            stages[(p.user.pk, first)] = person_stages(p.user, first)
    chains = [
        _plan_chain(p, stages[(p.user.pk, tuple(plan[0][1]))], subject, body, now)
        for p, plan, (subject, body) in zip(pages, plans, messages, strict=True)
    ]
    firsts = [chain[0][0] for chain in chains]
    bulk_insert(firsts)
    others: list[Notification] = []
    for chain in chains:
        root = chain[0][0]
        for stage in chain:
            for row in stage:
                if row is not root:
                    row.root = root
                    others.append(row)
    bulk_insert(others)
    if any(row.pk is None for row in [*firsts, *others]):
        raise IntegrityError("this database did not return the new notification ids")
    timeline_append_many([e for chain in chains for e in _chain_events(chain)], at=now)
    plan_louder_steps(
        [
            (p.incident, p.user, p.reason, chain[0][0], plan)
            for p, plan, chain in zip(pages, plans, chains, strict=True)
            if len(plan) > 1
        ],
        now=now,
    )
    queued = [
        row.pk
        for chain in chains
        for stage in chain
        for row in stage
        if row.status == NotificationStatus.QUEUED
    ]
    if queued:
        transaction.on_commit(partial(dispatch_many, queued))
    return {p.key: chain[0][0] for p, chain in zip(pages, chains, strict=True)}


def _plan_chain(
    page: PageRequest,
    stages: list[list[tuple[str, str]]],
    subject: str,
    body: str,
    now: datetime,
) -> list[list[Any]]:
    chain: list[list[Notification]] = []
    for number, entries in enumerate(stages):
        remaining = stages[number + 1 :]
        rows = [
            stage_row(
                incident=page.incident,
                user=page.user,
                subject=subject,
                body=body,
                reason=page.reason,
                key=stage_key(page.key, number, index, channel),
                root=None,
                stage=number,
                channel=channel,
                address=address,
                remaining=remaining,
                now=now,
            )
            for index, (channel, address) in enumerate(entries)
        ]
        chain.append(rows)
        if not rows or any(r.status != NotificationStatus.FAILED for r in rows) or not remaining:
            break
        for row in rows:  # nobody reachable at this stage: on to the next one
            row.status = NotificationStatus.SUPERSEDED
    return chain


def _chain_events(chain: list[list[Notification]]) -> list[TimelineEntry]:
    """The entries create_stage and fall_back write: each row failed for want of an address,
    then "trying the next channels" for each stage nobody could be reached at."""
    entries: list[TimelineEntry] = []
    for number, rows in enumerate(chain):
        for row in rows:
            if row.incident is None:
                continue
            if row.last_error and row.status != NotificationStatus.QUEUED:
                data = event_data(row, attempt=0, error=row.last_error, final=True)
                entries.append(TimelineEntry(row.incident, events.PAGE_FAILED, data))
        if (
            rows
            and rows[0].incident
            and all(r.status == NotificationStatus.SUPERSEDED for r in rows)
        ):
            following = chain[number + 1]
            data = event_data(
                rows[0],
                channels_from=[r.channel for r in rows],
                channels_to=[r.channel for r in following],
            )
            entries.append(TimelineEntry(rows[0].incident, events.PAGE_FALLBACK, data))
    return entries
