"""An incident opens (or reopens): page the First Responder at once.

Whoever holds the role on the incident, else whoever is on call for it. Nobody is put
on the incident here: whoever acknowledges becomes its First Responder (incidents.services).
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline, DeadlineKind, RoleKey
from incidents.selectors import display_name

from .. import events
from .common import fallback_data, nobody_on_call, page_many, pages_for, person_to_page, who

ROLE = RoleKey.FIRST_RESPONDER.value


def _plan(deadline: Deadline, now: datetime) -> tuple[Any, dict[str, Any]]:
    user, _holds = person_to_page(deadline.incident, ROLE, now)
    data = {
        "level": deadline.kind,
        "role": ROLE,
        "reason": str((deadline.data or {}).get("reason") or "declared"),
        "due_at": deadline.due_at.isoformat(),
        "nobody_on_call": user is None,
        **who(user),
        **fallback_data(user, ROLE, now),
    }
    return user, data


def _outcome(user: Any, data: dict[str, Any]) -> Outcome:
    if user is None:
        return Outcome(summary=nobody_on_call(ROLE, data.get("fallback")), data=data)
    summary = _("Paged %(name)s (First Responder)") % {"name": display_name(user)}
    return Outcome(summary=summary, paged=user, data=data)


@deadline_handler(DeadlineKind.FIRST_PAGE.value)
def page_first_responder(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    plans = [_plan(deadline, now) for deadline in deadlines]
    timeline_append_many(
        [
            TimelineEntry(d.incident, events.FIRST_RESPONDER_PAGED, data)
            for d, (_user, data) in zip(deadlines, plans, strict=True)
        ],
        at=now,
    )
    page_many(
        [
            page
            for d, (user, data) in zip(deadlines, plans, strict=True)
            for page in pages_for(d, user, ROLE, data["reason"], now)
        ]
    )
    return [_outcome(user, data) for user, data in plans]
