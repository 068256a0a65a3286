"""Reads that pages need, each a fixed number of queries whatever the row count."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from .models import (
    Deadline,
    DeadlineKind,
    Incident,
    IncidentRoleAssignment,
    IncidentStatus,
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


def can_take_roles(user: Any) -> bool:
    """A person who can hold a role on an incident: an active user who logs in (a service
    account, such as an alert integration acting for its monitor, has no usable password)."""
    return bool(user is not None and user.is_active and user.has_usable_password())


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
        .watched()
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


DASHBOARD_SORTS = ("severity", "clock")


def dashboard_incidents(
    user: Any, *, sort: str = "severity", mine: bool = False
) -> QuerySet[Incident]:
    """The dashboard's rows: open incidents this user may see, with their pending clocks
    and role holders prefetched (two queries for the page, whatever its size). ``sort``
    "clock" puts the clock that runs out first on top; ``mine`` keeps the incidents the
    user holds a role on or acknowledged."""
    rows = open_incidents_by_urgency().visible_to(user)
    if mine:
        holds = IncidentRoleAssignment.objects.filter(
            incident=OuterRef("pk"), user=user, ended_at__isnull=True
        ).order_by()
        rows = rows.filter(Q(acknowledged_by=user) | Q(Exists(holds)))
    if sort == "clock":
        rows = rows.order_by(F("next_due").asc(nulls_last=True), "severity", "opened_at")
    active_roles = IncidentRoleAssignment.objects.filter(ended_at__isnull=True).select_related(
        "role", "user"
    )
    return rows.prefetch_related(
        Prefetch("assignments", queryset=active_roles, to_attr="active_assignments"),
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.pending().order_by("due_at"),
            to_attr="pending_deadlines",
        ),
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
    """The pending clock that runs out first (from the prefetched deadlines)."""
    prefetched = getattr(incident, "pending_deadlines", None)
    deadlines = prefetched if prefetched is not None else incident.deadlines.all()
    pending = [d for d in deadlines if d.is_pending and not d.is_page_step]
    return min(pending, key=lambda d: d.due_at, default=None)


@dataclass(frozen=True)
class RoleHolders:
    key: str
    name: str
    users: list[Any]


def role_holders(incident: Incident, keys: Sequence[str] = KEY_ROLES) -> list[RoleHolders]:
    """Who holds each role: the roles in ``keys`` always (nobody yet is an empty list),
    then any other role someone holds when ``keys`` is the default; read from the
    prefetched active assignments (incident_for_page, dashboard_incidents)."""
    held: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    for assignment in getattr(incident, "active_assignments", []):
        held.setdefault(assignment.role.key, []).append(assignment.user)
        names[assignment.role.key] = assignment.role.name
    wanted = [str(k) for k in keys]
    if keys is KEY_ROLES:
        wanted += [k for k in held if k not in wanted]
    return [RoleHolders(k, names.get(k) or role_label(k), held.get(k, [])) for k in wanted]


# A dashboard row names who answers first and who coordinates.
ROW_ROLES = (RoleKey.FIRST_RESPONDER, RoleKey.INCIDENT_COMMANDER)


def dashboard_rows(incidents: Sequence[Incident]) -> None:
    """Put on each row (from dashboard_incidents) its next clock and its key role holders."""
    for incident in incidents:
        clock = next_clock(incident)
        if incident.status == IncidentStatus.TRIGGERED:
            # Until someone acknowledges, the clock the row is about is the acknowledgement.
            pending = getattr(incident, "pending_deadlines", None) or incident.deadlines.all()
            ack = [d for d in pending if d.kind == DeadlineKind.ACKNOWLEDGE and d.is_pending]
            clock = ack[0] if ack else clock
        incident.next_clock = clock  # type: ignore[attr-defined]
        incident.row_roles = role_holders(incident, ROW_ROLES)  # type: ignore[attr-defined]
