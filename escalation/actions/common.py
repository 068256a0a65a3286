"""Pieces the built-in handlers share: who to page, how to page, how late we are."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from incidents.deadlines import sla_minutes
from incidents.models import Deadline, Incident, RoleKey
from incidents.selectors import display_name

from ..selectors import on_call_user


def sla_multiple(incident: Incident, due_at: datetime) -> float | None:
    """How many acknowledge SLAs after opening `due_at` is (2.0 for the Escalation Engineer)."""
    sla = sla_minutes(incident.acknowledge_minutes).total_seconds()
    if not sla:
        return None
    return round((due_at - incident.opened_at).total_seconds() / sla, 2)


def current_holder(incident: Incident, role_key: str) -> Any:
    assignment = (
        incident.assignments.filter(role__key=role_key, ended_at__isnull=True)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def person_to_page(incident: Incident, role_key: str, now: datetime) -> tuple[Any, bool]:
    """Who answers for a role: whoever holds it on the incident, else who is on call.

    Returns (user or None, holds_it_already).
    """
    holder = current_holder(incident, role_key)
    if holder is not None:
        return holder, True
    return on_call_user(role_key, now), False


def page_key(deadline: Deadline, user: Any) -> str:
    """One page per person per firing of a deadline: the outbox dedupes on it."""
    return f"deadline:{deadline.pk}:{deadline.due_at.isoformat()}:user:{user.pk}"


def page(*, deadline: Deadline, user: Any, reason: str) -> list[Any]:
    """Queue the page in this transaction (delivered after commit). `reason` is a slug
    that notifications.messages puts into words in the recipient's language."""
    from notifications.services import page_person  # the outbox app; no import cycle

    return page_person(
        incident=deadline.incident, user=user, reason=reason, key=page_key(deadline, user)
    )


def role_label(role_key: str) -> str:
    try:
        return str(RoleKey(role_key).label)
    except ValueError:
        return role_key


def who(user: Any) -> dict[str, Any]:
    if user is None:
        return {"user_id": None, "user": ""}
    return {"user_id": user.pk, "user": display_name(user)}


def nobody_on_call(role_key: str) -> str:
    return _("Nobody is on call as %(role)s: nobody was paged.") % {"role": role_label(role_key)}
