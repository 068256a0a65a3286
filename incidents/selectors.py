"""Reads that pages need, each a fixed number of queries whatever the row count."""

from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from .models import (
    Deadline,
    DeadlineKind,
    Incident,
    IncidentRoleAssignment,
    RoleKey,
    Severity,
    SeverityPolicy,
    TimelineEvent,
)
from .models.incident import IncidentQuerySet


def display_name(user: Any) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def role_label(key: str) -> str:
    """A role key as its name ("escalation_engineer" -> "Escalation Engineer"); an unknown
    key (a role added in the admin) as it is."""
    try:
        return str(RoleKey(key).label)
    except ValueError:
        return key


def open_incidents_by_urgency() -> IncidentQuerySet:
    """Open incidents, most severe first, then the one whose clock runs out first."""
    acknowledge = Deadline.objects.filter(
        incident=OuterRef("pk"), kind=DeadlineKind.ACKNOWLEDGE
    ).order_by()
    next_due = (
        Deadline.objects.pending()
        .filter(incident=OuterRef("pk"))
        .order_by("due_at")
        .values("due_at")[:1]
    )
    return (
        Incident.objects.open()
        .select_related("acknowledged_by")
        .annotate(
            acknowledge_due=Subquery(acknowledge.values("due_at")[:1]),
            # A per-row index lookup (not EXISTS, which PostgreSQL hashes over the whole
            # table); its fired_at, or None, says whether the SLA was breached.
            acknowledge_fired=Subquery(acknowledge.values("fired_at")[:1]),
            next_due=Subquery(next_due),
        )
        .order_by("severity", F("next_due").asc(nulls_last=True), "opened_at")
    )


def incident_for_page(pk: int, incidents: QuerySet[Incident] | None = None) -> Incident:
    """The incident as its page shows it, from ``incidents`` (all of them by default; a
    view passes Incident.objects.visible_to(user))."""
    active_roles = IncidentRoleAssignment.objects.filter(ended_at__isnull=True).select_related(
        "role", "user"
    )
    base = Incident.objects.all() if incidents is None else incidents
    return (
        base.select_related(
            "opened_by", "acknowledged_by", "mitigated_by", "resolved_by", "closed_by"
        )
        .prefetch_related(
            Prefetch("assignments", queryset=active_roles, to_attr="active_assignments"),
            Prefetch("deadlines", queryset=Deadline.objects.order_by("due_at")),
        )
        .get(pk=pk)
    )


def incident_timeline(incident: Incident) -> QuerySet[TimelineEvent]:
    return incident.timeline.select_related("actor").order_by("created_at", "id")


def severity_matrix() -> list[SeverityPolicy]:
    policies = {p.severity: p for p in SeverityPolicy.objects.all()}
    return [policies[s] for s in Severity.values if s in policies]


# The roles a responder looks for first; others show when someone holds them.
KEY_ROLES = (RoleKey.FIRST_RESPONDER, RoleKey.ESCALATION_ENGINEER, RoleKey.INCIDENT_COMMANDER)


def next_clock(incident: Incident) -> Deadline | None:
    """The pending clock that runs out first (from the page's prefetched deadlines)."""
    pending = [d for d in incident.deadlines.all() if d.is_pending]
    return min(pending, key=lambda d: d.due_at, default=None)


def role_holders(incident: Incident) -> list[tuple[str, list[Any]]]:
    """[(role name, [holders])]: the key roles always (nobody yet is an empty list), then
    any other role someone holds; from the page's prefetched active assignments."""
    held: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    for assignment in getattr(incident, "active_assignments", []):
        held.setdefault(assignment.role.key, []).append(assignment.user)
        names[assignment.role.key] = assignment.role.name
    keys = [str(k) for k in KEY_ROLES] + [k for k in held if k not in KEY_ROLES]
    return [(names.get(key) or role_label(key), held.get(key, [])) for key in keys]
