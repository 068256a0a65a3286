"""Pieces the built-in handlers share: who to page, how to page, how late we are."""

from datetime import datetime
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from incidents.deadline_handlers import batch_memo
from incidents.deadlines import sla_minutes
from incidents.models import Deadline, Incident, IncidentRoleAssignment, Role
from incidents.selectors import display_name, role_label
from notifications.paging import PageRequest, page_people

from ..models import EscalationRecord
from ..selectors import fallback_contacts, on_call_user, role_holder

PAGED_ROLE = "paged_role"  # in an escalation's record: the role it paged someone for


def sla_multiple(incident: Incident, due_at: datetime) -> float | None:
    """How many acknowledge SLAs after its clocks started (the opening or the last reopening)
    `due_at` is (2.0 for the Escalation Engineer)."""
    sla = sla_minutes(incident.acknowledge_minutes).total_seconds()
    if not sla:
        return None
    return round((due_at - incident.clocks_start).total_seconds() / sla, 2)


def current_holder(incident: Incident, role_key: str) -> Any:
    """Who holds the role on the incident now. In a sweep batch: one query for the batch."""
    memo = batch_memo()
    if memo is None or "incident_ids" not in memo:
        return role_holder(incident, role_key)
    if "holders" not in memo:
        active = list(
            IncidentRoleAssignment.objects.filter(
                incident_id__in=memo["incident_ids"], ended_at__isnull=True
            ).values_list("incident_id", "role__key", "user_id")
        )
        # A handful of people hold roles on many incidents: each user built once.
        users = get_user_model().objects.in_bulk({user_id for _i, _r, user_id in active})
        memo["holders"] = {(i, role): users[user_id] for i, role, user_id in active}
    return memo["holders"].get((incident.pk, str(role_key)))


def role_paged_at(incident: Incident, role_key: str) -> datetime | None:
    """When an escalation last paged someone for the role on this incident since its clocks
    started (the opening, or the last reopening), or None. In a sweep batch: one query for
    the batch, kept true by remember_role_paged."""
    memo = batch_memo()
    if memo is None or "incident_ids" not in memo:
        found = _paged_roles({incident.pk})
    else:
        if "paged_roles" not in memo:
            memo["paged_roles"] = _paged_roles(memo["incident_ids"])
        found = memo["paged_roles"]
    at = found.get((incident.pk, str(role_key)))
    return at if at is not None and at >= incident.clocks_start else None


def _paged_roles(incident_ids: set[int]) -> dict[tuple[int, str], datetime]:
    records = EscalationRecord.objects.filter(
        incident_id__in=incident_ids, paged__isnull=False, data__has_key=PAGED_ROLE
    ).order_by("fired_at")
    return {
        (i, data[PAGED_ROLE]): at
        for i, data, at in records.values_list("incident_id", "data", "fired_at")
    }


def remember_role_paged(incident: Incident, role_key: str, at: datetime) -> None:
    memo = batch_memo()
    if memo is not None and "paged_roles" in memo:
        memo["paged_roles"][(incident.pk, str(role_key))] = at


def remember_holder(incident: Incident, role_key: str, user: Any) -> None:
    """Keep the batch's holder map true after a handler assigned a role."""
    memo = batch_memo()
    if memo is not None and "holders" in memo:
        memo["holders"][(incident.pk, str(role_key))] = user


def person_to_page(incident: Incident, role_key: str, now: datetime) -> tuple[Any, bool]:
    """Who answers for a role: whoever holds it on the incident, else who is on call.

    Returns (user or None, holds_it_already).
    """
    holder = current_holder(incident, role_key)
    if holder is not None:
        return holder, True
    return _on_call_at(role_key, now), False


def _on_call_at(role_key: str, now: datetime) -> Any:
    """One roster lookup per role per sweep batch (the batch shares `now` and a memo)."""
    memo = batch_memo()
    if memo is None:
        return on_call_user(role_key, now)
    key = ("on_call", role_key, now)
    if key not in memo:
        memo[key] = on_call_user(role_key, now)
    return memo[key]


def page_key(deadline: Deadline, user: Any) -> str:
    """One page per person per firing of a deadline: the outbox dedupes on it."""
    return f"deadline:{deadline.pk}:{deadline.due_at.isoformat()}:user:{user.pk}"


class Page(NamedTuple):
    deadline: Deadline
    user: Any
    reason: str


def page_many(pages: list[Page], *, until_answered: bool = False) -> list[Any]:
    """Queue the pages in this transaction (delivered after commit): one bulk write, one
    Celery message. Each `reason` is a slug that notifications.messages puts into words in
    the recipient's language. `until_answered` (an escalation to a role): each person is
    paged louder until they acknowledge their page, past the incident's acknowledgement."""
    return page_people(
        [
            PageRequest(
                p.deadline.incident,
                p.user,
                p.reason,
                page_key(p.deadline, p.user),
                until_answered=until_answered,
            )
            for p in pages
        ]
    )


def fallback_for(role_key: str, now: datetime) -> list[Any]:
    """The fallback list for a role nobody is on call for; once per role per sweep batch."""
    memo = batch_memo()
    if memo is None:
        return fallback_contacts(role_key, now)
    key = ("fallback", role_key, now)
    if key not in memo:
        memo[key] = fallback_contacts(role_key, now)
    return memo[key]


def pages_for(
    deadline: Deadline, user: Any, role_key: str, reason: str, now: datetime
) -> list[Page]:
    """The page for whoever answers; when nobody is on call, a page for each person of the
    fallback list instead ("nobody_on_call:<role>"): a page is never dropped."""
    if user is not None:
        return [Page(deadline, user, reason)]
    return [
        Page(deadline, person, f"nobody_on_call:{role_key}")
        for person in fallback_for(str(role_key), now)
    ]


def fallback_data(user: Any, role_key: str, now: datetime) -> dict[str, Any]:
    """What the timeline says of the fallback list when nobody is on call."""
    if user is not None:
        return {}
    return {"fallback": [display_name(person) for person in fallback_for(str(role_key), now)]}


def role_by_key(role_key: str) -> Role | None:
    """The Role row for a key; in a sweep batch, every role in one query for the batch."""
    memo = batch_memo()
    if memo is None:
        return Role.objects.filter(key=role_key).first()
    if "roles" not in memo:
        memo["roles"] = {role.key: role for role in Role.objects.all()}
    return memo["roles"].get(str(role_key))


def who(user: Any) -> dict[str, Any]:
    if user is None:
        return {"user_id": None, "user": ""}
    return {"user_id": user.pk, "user": display_name(user)}


def nobody_on_call(role_key: str, fallback: list[str] | None = None) -> str:
    if fallback:
        return _("Nobody is on call as %(role)s: paged the fallback list (%(names)s).") % {
            "role": role_label(role_key),
            "names": ", ".join(fallback),
        }
    return _("Nobody is on call as %(role)s: nobody was paged.") % {"role": role_label(role_key)}
