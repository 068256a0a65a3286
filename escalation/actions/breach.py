"""Acknowledge SLA passed with no acknowledgement: say so and page the First Responder again."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline, RoleKey
from incidents.selectors import display_name

from .. import events
from .common import (
    Page,
    fallback_data,
    nobody_on_call,
    page_many,
    pages_for,
    person_to_page,
    sla_multiple,
    who,
)

REASON = "sla_breached"


def _breach(deadline: Deadline, now: datetime) -> tuple[Any, dict[str, Any]]:
    """(who to page again or None, the timeline entry's data)."""
    incident = deadline.incident
    user, _holds = person_to_page(incident, RoleKey.FIRST_RESPONDER, now)
    data = {
        "level": deadline.kind,
        "role": RoleKey.FIRST_RESPONDER.value,
        "due_at": deadline.due_at.isoformat(),
        "multiple": sla_multiple(incident, deadline.due_at),
        "nobody_on_call": user is None,
        **who(user),
        **fallback_data(user, RoleKey.FIRST_RESPONDER, now),
    }
    return user, data


def _outcome(user: Any, data: dict[str, Any]) -> Outcome:
    if user is None:
        return Outcome(
            summary=nobody_on_call(RoleKey.FIRST_RESPONDER, data.get("fallback")), data=data
        )
    return Outcome(
        summary=_("SLA breached; paged %(name)s again") % {"name": display_name(user)},
        paged=user,
        data=data,
    )


@deadline_handler("acknowledge")
def sla_breached(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    breaches = [_breach(deadline, now) for deadline in deadlines]
    entries: list[TimelineEntry] = []
    pages: list[Page] = []
    for deadline, (user, data) in zip(deadlines, breaches, strict=True):
        entries.append(TimelineEntry(deadline.incident, events.SLA_BREACHED, data))
        pages += pages_for(deadline, user, RoleKey.FIRST_RESPONDER, REASON, now)
    timeline_append_many(entries, at=now)
    page_many(pages)
    return [_outcome(user, data) for user, data in breaches]
