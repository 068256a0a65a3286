"""The review's three clocks, chained as the playbook says: the draft 24 h after the
incident is resolved, the review meeting 48 h after the draft, the action items 7 days
after the meeting. Each clock starts when the step before it is done, or at that step's
due time when it is late, so a late draft does not push the whole chain.

They are incidents.Deadline rows (stops_on NEVER: resolving the incident is what starts
them); the sweep fires them through reviews.handlers."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_noop

from incidents.models import Deadline, StopsOn
from incidents.services import deadline_set

from .models import ActionItem, Review

DRAFT = "review_draft"
MEETING = "review_meeting"
ACTIONS = "review_actions"
STEPS = (DRAFT, MEETING, ACTIONS)
MANAGERS_SUFFIX = "_managers"  # the managers' clock of a step: a day after the owner's
MANAGERS_DELAY = timedelta(days=1)
ACTION_ITEM_PREFIX = "action_item:"
ACTION_ITEM_ACTION = "action_item_overdue"
REVIEW_MANAGERS_ACTION = "review_overdue_managers"
REMINDER_HOUR = 9  # overdue action items are paged once a day, at 09:00 the owner's time

DRAFT_AFTER = timedelta(hours=24)
MEETING_AFTER = timedelta(hours=48)
ACTIONS_AFTER = timedelta(days=7)

LABELS = {
    DRAFT: gettext_noop("Post-mortem draft due"),
    MEETING: gettext_noop("Review meeting due"),
    ACTIONS: gettext_noop("Action items due"),
}
ACTION_ITEM_LABEL = gettext_noop("Action item overdue")


@dataclass(frozen=True)
class StepClock:
    kind: str
    due_at: datetime
    done: bool


def _start(done_at: datetime | None, due_at: datetime) -> datetime:
    return min(done_at, due_at) if done_at is not None else due_at


def chain(review: Review, *, items_all_closed: bool) -> list[StepClock]:
    """The three clocks as they stand: when each is due and whether its step is done."""
    resolved = review.incident.resolved_at or review.created_at
    draft_due = resolved + DRAFT_AFTER
    meeting_due = _start(review.submitted_at, draft_due) + MEETING_AFTER
    actions_due = _start(review.meeting_at, meeting_due) + ACTIONS_AFTER
    return [
        StepClock(DRAFT, draft_due, review.submitted_at is not None),
        StepClock(MEETING, meeting_due, review.meeting_at is not None),
        StepClock(ACTIONS, actions_due, items_all_closed),
    ]


def _all_items_closed(review: Review) -> bool:
    items = ActionItem.objects.filter(review=review)
    if review.is_published:
        return not items.open().exists()
    return items.exists() and not items.open().exists()


def clocks_sync(review: Review, now: datetime) -> None:
    """Bring the review's deadline rows in line with its state (inside the caller's
    transaction): pending clocks move, done steps stop theirs and their managers' clock."""
    rows = {
        d.kind: d
        for d in Deadline.objects.filter(
            incident_id=review.incident_id,
            kind__in=[*STEPS, *(k + MANAGERS_SUFFIX for k in STEPS)],
        )
    }
    stop: list[str] = []
    for clock in chain(review, items_all_closed=_all_items_closed(review)):
        row = rows.get(clock.kind)
        if clock.done:
            stop += [clock.kind, clock.kind + MANAGERS_SUFFIX]
        elif (
            row is None
            or (row.is_pending and row.due_at != clock.due_at)
            or (row.fired_at is None and row.cancelled_at is not None)  # stopped, runs again
        ):
            deadline_set(
                incident=review.incident,
                kind=clock.kind,
                due_at=clock.due_at,
                stops_on=StopsOn.NEVER,
                data={"label": LABELS[clock.kind], "review": review.pk},
            )
    if stop:
        # Fired ones too: a clock that passed and whose step is now done is no longer overdue.
        Deadline.objects.filter(
            incident_id=review.incident_id, kind__in=stop, cancelled_at__isnull=True
        ).update(cancelled_at=now)


def managers_clock(deadline: Deadline) -> dict[str, Any]:
    """The managers' follow-up of a step's clock that just passed."""
    return {
        "kind": deadline.kind + MANAGERS_SUFFIX,
        "due_at": deadline.due_at + MANAGERS_DELAY,
        "data": {
            "action": REVIEW_MANAGERS_ACTION,
            "step": deadline.kind,
            "label": LABELS.get(deadline.kind, deadline.kind),
        },
    }


def action_item_kind(item: ActionItem) -> str:
    return f"{ACTION_ITEM_PREFIX}{item.pk}"


def reminder_time(day: date, tz_name: str) -> datetime:
    """09:00 on `day` in the owner's timezone."""
    try:
        tz = ZoneInfo(tz_name)
    except (KeyError, ValueError):
        tz = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(day, time(REMINDER_HOUR), tzinfo=tz)


def owner_timezone(item: ActionItem) -> str:
    profile = getattr(item.owner, "profile", None)
    return getattr(profile, "timezone", "") or settings.TIME_ZONE


def action_item_clock_sync(item: ActionItem, now: datetime, *, rearm: bool) -> None:
    """An open item is reminded from 09:00 the day after its due date (`rearm`: it is new,
    reopened or its due date changed); a closed one is not reminded any more."""
    kind = action_item_kind(item)
    pending = Deadline.objects.pending().filter(incident_id=item.review.incident_id, kind=kind)
    if not item.is_open:
        pending.update(cancelled_at=now)
        return
    if not rearm and pending.exists():
        return
    deadline_set(
        incident=item.review.incident,
        kind=kind,
        due_at=reminder_time(item.due_date + timedelta(days=1), owner_timezone(item)),
        stops_on=StopsOn.NEVER,
        data={"action": ACTION_ITEM_ACTION, "item": item.pk, "label": ACTION_ITEM_LABEL},
    )
