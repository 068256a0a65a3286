"""What the sweep does when a review's clock passes (settings.DEADLINE_HANDLERS).

A step's clock: its owner is paged, the timeline says so, and the managers' clock is set a
day later. The managers' clock: each manager is paged, unless the step got done meanwhile.
An action item's clock: its owner is paged, and again at the same hour the next day while
the item stays open. All inside the sweep's transaction; pages through the outbox."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from incidents.access import MANAGER
from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline
from incidents.selectors import display_name
from incidents.services import deadline_set
from notifications.paging import PageRequest, page_people

from . import events
from .clocks import (
    ACTION_ITEM_ACTION,
    DRAFT,
    MEETING,
    REVIEW_MANAGERS_ACTION,
    STEPS,
    managers_clock,
)
from .models import ActionItem, Review

REMIND_AGAIN_AFTER = timedelta(days=1)


def _reviews_by_incident(deadlines: list[Deadline]) -> dict[int, Review]:
    reviews = Review.objects.filter(incident_id__in={d.incident_id for d in deadlines})
    found = {r.incident_id: r for r in reviews.select_related("owner__profile")}
    for deadline in deadlines:
        if deadline.incident_id in found:
            found[deadline.incident_id].incident = deadline.incident
    return found


def _step_done(review: Review, step: str) -> bool:
    if step == DRAFT:
        return review.submitted_at is not None
    if step == MEETING:
        return review.meeting_at is not None
    return not review.action_items.open().exists() and review.action_items.exists()


def _key(deadline: Deadline, who: Any) -> str:
    return f"{deadline.kind}:{deadline.pk}:{deadline.due_at.isoformat()}:user:{who.pk}"


@deadline_handler(*STEPS)
def review_steps_overdue(deadlines: list[Deadline], now: datetime) -> list[Outcome | None]:
    reviews = _reviews_by_incident(deadlines)
    pages: list[PageRequest] = []
    entries: list[TimelineEntry] = []
    outcomes: list[Outcome | None] = []
    for deadline in deadlines:
        review = reviews.get(deadline.incident_id)
        if review is None or _step_done(review, deadline.kind):
            outcomes.append(None)
            continue
        owner = review.owner
        if owner is not None:  # nobody owns it: the managers' clock, a day later, says so
            pages.append(
                PageRequest(deadline.incident, owner, events.REVIEW_OVERDUE, _key(deadline, owner))
            )
        data = {
            "step": deadline.kind,
            "due_at": deadline.due_at.isoformat(),
            "paged": display_name(owner),
        }
        entries.append(TimelineEntry(deadline.incident, events.REVIEW_OVERDUE, data))
        follow_up = managers_clock(deadline)
        deadline_set(incident=deadline.incident, stops_on="never", **follow_up)
        outcomes.append(Outcome(summary=gettext("Review step overdue"), paged=owner, data=data))
    page_people(pages)
    timeline_append_many(entries, at=now)
    return outcomes


@deadline_handler(REVIEW_MANAGERS_ACTION)
def review_steps_overdue_managers(deadlines: list[Deadline], now: datetime) -> list[Outcome | None]:
    reviews = _reviews_by_incident(deadlines)
    managers = list(
        get_user_model()
        .objects.filter(groups__name=MANAGER, is_active=True)
        .select_related("profile")
    )
    pages: list[PageRequest] = []
    entries: list[TimelineEntry] = []
    outcomes: list[Outcome | None] = []
    for deadline in deadlines:
        review = reviews.get(deadline.incident_id)
        step = deadline.data.get("step", "")
        if review is None or _step_done(review, step) or not managers:
            outcomes.append(None)
            continue
        for manager in managers:
            pages.append(
                PageRequest(
                    deadline.incident, manager, events.REVIEW_OVERDUE, _key(deadline, manager)
                )
            )
        names = ", ".join(display_name(m) for m in managers)
        data = {
            "step": step,
            "due_at": deadline.due_at.isoformat(),
            "paged": names,
            "managers": True,
        }
        entries.append(TimelineEntry(deadline.incident, events.REVIEW_OVERDUE, data))
        outcomes.append(Outcome(summary=gettext("Review step overdue: managers paged"), data=data))
    page_people(pages)
    timeline_append_many(entries, at=now)
    return outcomes


@deadline_handler(ACTION_ITEM_ACTION)
def action_items_overdue(deadlines: list[Deadline], now: datetime) -> list[Outcome | None]:
    ids = [int(d.data.get("item", 0)) for d in deadlines]
    items = ActionItem.objects.select_related("owner__profile").in_bulk(ids)
    pages: list[PageRequest] = []
    entries: list[TimelineEntry] = []
    outcomes: list[Outcome | None] = []
    for deadline, pk in zip(deadlines, ids, strict=True):
        item = items.get(pk)
        if item is None or not item.is_open:
            outcomes.append(None)
            continue
        pages.append(
            PageRequest(
                deadline.incident,
                item.owner,
                events.ACTION_ITEM_OVERDUE,
                _key(deadline, item.owner),
            )
        )
        data = {
            "item": item.pk,
            "title": item.title,
            "due_date": item.due_date.isoformat(),
            "paged": display_name(item.owner),
        }
        entries.append(TimelineEntry(deadline.incident, events.ACTION_ITEM_OVERDUE, data))
        again = deadline.due_at + REMIND_AGAIN_AFTER
        while again <= now:  # a sweep catching up pages once, then keeps the daily hour
            again += REMIND_AGAIN_AFTER
        deadline_set(
            incident=deadline.incident,
            kind=deadline.kind,
            due_at=again,
            stops_on="never",
            data=deadline.data,
        )
        outcomes.append(
            Outcome(summary=gettext("Action item overdue"), paged=item.owner, data=data)
        )
    page_people(pages)
    timeline_append_many(entries, at=now)
    return outcomes
