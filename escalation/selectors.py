from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.module_loading import import_string

from incidents.models import Incident, Role

from .models import EscalationRecord, OnCallShift


def roster_now(at: datetime | None = None) -> list[tuple[Role, Any]]:
    """Each role with whoever is on call for it now (the one lookup), or None."""
    at = at or timezone.now()
    roles = Role.objects.order_by("order")
    return [(role, on_call_user(role.key, at)) for role in roles]


def roster_on_call_user_ids(role_key: str, at: datetime | None = None) -> list[int]:
    """The admin roster alone: who holds the role at `at`, the most recently started shift
    first (the next ones answer when that person cannot be paged)."""
    shifts = OnCallShift.objects.current(at).filter(role__key=role_key)
    return list(
        dict.fromkeys(shifts.order_by("-starts_at", "-pk").values_list("user_id", flat=True))
    )


def roster_on_call_user_id(role_key: str, at: datetime | None = None) -> int | None:
    """The admin roster alone: the most recently started shift holding the role."""
    found = roster_on_call_user_ids(role_key, at)
    return found[0] if found else None


def roster_on_call_user(role_key: str, at: datetime | None = None) -> Any:
    user_id = roster_on_call_user_id(role_key, at)
    if user_id is None:
        return None
    return get_user_model().objects.select_related("profile").filter(pk=user_id).first()


def on_call_user(role_key: str, at: datetime | None = None) -> Any:
    """THE answer to "who is on call for this role at `at`" (now by default), or None.
    Delegates to settings.ONCALL_LOOKUP (schedules' rotations and overrides), which falls
    back to the admin roster above."""
    path = getattr(settings, "ONCALL_LOOKUP", "escalation.selectors.roster_on_call_user")
    return import_string(path)(role_key, at)


def fallback_contacts(role_key: str, at: datetime | None = None) -> list[Any]:
    """Who is paged instead when nobody is on call for a role (settings.ONCALL_FALLBACK:
    the commanders' fallback list), so that no page is dropped."""
    path = getattr(settings, "ONCALL_FALLBACK", "")
    return list(import_string(path)(role_key, at)) if path else []


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
