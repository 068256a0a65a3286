"""Reads the review pages need, each a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from incidents.models import Deadline, Incident, IncidentRoleAssignment, RoleKey

from .clocks import LABELS, STEPS
from .models import ActionItem, Review


@dataclass(frozen=True)
class ClockView:
    kind: str
    label: str
    due_at: datetime
    done: bool
    overdue: bool


def review_for_incident(incident: Incident) -> Review | None:
    return Review.objects.filter(incident=incident).select_related("owner").first()


def review_for_page(pk: int) -> Review:
    return (
        Review.objects.for_page().prefetch_related("meeting_attendees", "amendments__by").get(pk=pk)
    )


def review_clocks(review: Review) -> list[ClockView]:
    """The three step clocks as the sweep keeps them: stopped when their step is done,
    overdue once they fired while it was not."""
    rows = {
        d.kind: d for d in Deadline.objects.filter(incident_id=review.incident_id, kind__in=STEPS)
    }
    clocks = []
    for kind in STEPS:
        row = rows.get(kind)
        if row is not None:
            done = row.cancelled_at is not None
            overdue = row.fired_at is not None and not done
            clocks.append(ClockView(kind, LABELS[kind], row.due_at, done, overdue))
    return clocks


def action_items_of(review: Review) -> QuerySet[ActionItem]:
    return review.action_items.select_related("owner", "closed_by").order_by(
        "status", "due_date", "id"
    )


def commander_of(incident: Incident) -> Any:
    holder = (
        IncidentRoleAssignment.objects.filter(
            incident=incident, role__key=RoleKey.INCIDENT_COMMANDER
        )
        .select_related("user")
        .order_by("-assigned_at")
        .first()
    )
    return holder.user if holder else None


def my_open_action_items(user: Any) -> QuerySet[ActionItem]:
    """A person's open action items, most urgent first: the overdue ones (longest overdue at
    the top), then the soonest due; on the same day, P0 before P3."""
    return (
        ActionItem.objects.open()
        .filter(owner=user)
        .select_related("review__incident")
        .order_by("due_date", "priority", "id")
    )


def overdue_steps() -> QuerySet[Deadline]:
    """Step clocks that fired while their step is still not done."""
    return Deadline.objects.filter(
        kind__in=STEPS, fired_at__isnull=False, cancelled_at__isnull=True
    )


def overdue_reviews(limit: int = 20, owner: Any = None) -> list[Review]:
    """Reviews with a step overdue (of `owner` only, when given), oldest first."""
    reviews = Review.objects.filter(incident_id__in=overdue_steps().values("incident_id"))
    if owner is not None:
        reviews = reviews.filter(owner=owner)
    return list(
        reviews.select_related("incident", "owner")
        .annotate(open_items=Count("action_items", filter=Q(action_items__status="open")))
        .order_by("created_at")[:limit]
    )
