"""Louder until acknowledged: each later step of a person's notification rules is a deadline
row ("louder:<page id>:<n>", data["action"] == "louder") written with the page, stopped by
the acknowledgement like every acknowledge clock, fired by the escalation sweep here."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from incidents.batch_services import (
    PlannedRow,
    TimelineEntry,
    deadlines_create_many,
    timeline_append_many,
)
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.deadlines import sla_minutes
from incidents.models import Deadline, Incident, StopsOn
from incidents.models.deadline import PAGE_STEP
from incidents.selectors import display_name

from . import events
from .models import Channel, Notification
from .rules import Step

ACTION = "louder"
REASON = "louder"  # stops on acknowledgement (notifications.messages.REASONS)


def _channels_label(channels: Sequence[str]) -> str:
    return " + ".join(str(Channel(c).label) if c in Channel.values else c for c in channels)


def plan_louder_steps(
    pages: Sequence[tuple[Incident, Any, str, Notification, list[Step]]], *, now: datetime
) -> int:
    """Write the later steps of each (incident, person, reason, page's first row, steps)
    as deadline rows, for incidents still open and unacknowledged. Returns how many."""
    rows: list[PlannedRow] = []
    for incident, user, reason, root, planned in pages:
        if incident.acknowledged_at is not None or not incident.is_open:
            continue
        for number, (minutes, channels) in enumerate(planned[1:], start=1):
            data = {
                PAGE_STEP: True,
                "action": ACTION,
                "user_id": user.pk,
                "user": display_name(user),
                "channels": channels,
                "reason": reason,
                "page_key": root.key,
                "step": number,
                "after_minutes": minutes,
                "label": f"{_channels_label(channels)} · {display_name(user)}",
            }
            rows.append(
                PlannedRow(
                    incident=incident,
                    kind=f"{ACTION}:{root.pk}:{number}",
                    due_at=now + sla_minutes(minutes),
                    stops_on=StopsOn.ACKNOWLEDGE,
                    data=data,
                )
            )
    return deadlines_create_many(rows)


@deadline_handler(ACTION)
def page_louder(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    """Still unacknowledged at a later step: page the person on that step's channels."""
    from .paging import PageRequest, page_people

    ids = {int(d.data["user_id"]) for d in deadlines}
    users = get_user_model().objects.select_related("profile").in_bulk(ids)
    requests: list[PageRequest] = []
    entries: list[TimelineEntry] = []
    outcomes: list[Outcome] = []
    for deadline in deadlines:
        data = dict(deadline.data)
        user = users.get(int(data["user_id"]))
        if user is None or not user.is_active:
            outcomes.append(Outcome(summary=_("Nobody to page: that person left"), data=data))
            continue
        reason = f"{REASON}:{data['reason']}"[:60]
        key = f"{data['page_key']}:louder{data['step']}"
        requests.append(
            PageRequest(deadline.incident, user, reason, key, channels=tuple(data["channels"]))
        )
        entries.append(TimelineEntry(deadline.incident, events.PAGED_LOUDER, data))
        summary = _("Still not acknowledged: paged %(name)s by %(channels)s") % {
            "name": display_name(user),
            "channels": _channels_label(data["channels"]),
        }
        outcomes.append(Outcome(summary=summary, paged=user, data=data))
    timeline_append_many(entries, at=now)
    page_people(requests)
    return outcomes
