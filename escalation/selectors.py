from datetime import datetime

from django.db.models import Prefetch

from incidents.models import Incident, Role

from .models import EscalationRecord, OnCallShift


def roster_now(at: datetime | None = None) -> list[tuple[Role, OnCallShift | None]]:
    """Each role with the shift that holds it now (the most recently started one)."""
    shifts = OnCallShift.objects.current(at).select_related("user", "user__profile")
    roles = Role.objects.prefetch_related(
        Prefetch("shifts", queryset=shifts.order_by("-starts_at"), to_attr="current_shifts")
    ).order_by("order")
    return [(role, role.current_shifts[0] if role.current_shifts else None) for role in roles]


def on_call_user(role_key: str, at: datetime | None = None):  # type: ignore[no-untyped-def]
    shift = (
        OnCallShift.objects.current(at)
        .filter(role__key=role_key)
        .select_related("user")
        .order_by("-starts_at")
        .first()
    )
    return shift.user if shift else None


def role_holder(incident: Incident, role_key: str):  # type: ignore[no-untyped-def]
    """Who holds the role on the incident now, or None."""
    assignment = (
        incident.assignments.filter(role__key=role_key, ended_at__isnull=True)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def who_answers_for(incident: Incident, role_key: str, at: datetime | None = None):  # type: ignore[no-untyped-def]
    """Whoever holds the role on the incident, else whoever is on call for it, else None."""
    return role_holder(incident, role_key) or on_call_user(role_key, at)


def records_by_deadline(incident: Incident) -> dict[int, EscalationRecord]:
    """What happened at each of the incident's deadlines, by deadline id (one query)."""
    records = EscalationRecord.objects.filter(incident=incident).select_related("paged")
    return {r.deadline_id: r for r in records if r.deadline_id is not None}


def sla_breached(incident: Incident) -> bool:
    """The acknowledge deadline fired (the incident page has its deadlines prefetched)."""
    return any(d.kind == "acknowledge" and d.fired_at for d in incident.deadlines.all())
