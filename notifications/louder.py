"""Louder until acknowledged: each later step of a person's notification rules is a deadline
row ("louder:<page id>:<n>", data["action"] == "louder") written with the page and fired by
the escalation sweep (notifications.louder_page). A page's steps stop with the incident's
acknowledgement, like every acknowledge clock; an escalation's (PageRequest.until_answered:
the Escalation Engineer at 2x SLA, the Incident Commander at 4x or at a P0's opening, a
scenario rule's roles, the fallback list for them) go on past it, even when the page comes
after it, until its person acknowledges their page (notifications.answer) or the incident
is resolved."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from incidents.batch_services import (
    PlannedRow,
    deadlines_create_many,
)
from incidents.deadlines import sla_minutes
from incidents.models import Incident, StopsOn
from incidents.models.deadline import PAGE_STEP
from incidents.selectors import display_name

from .models import Channel, Notification
from .reasons import stops_on
from .reasons import until_answered as reason_until_answered
from .rules import Step

ACTION = "louder"
REASON = "louder"  # stops on acknowledgement (notifications.messages.REASONS)


def channels_label(channels: Sequence[str]) -> str:
    return " + ".join(str(Channel(c).label) if c in Channel.values else c for c in channels)


REASON_UNTIL_ANSWERED = "louder_until_answered"  # stops on resolution (messages.REASONS)


def paged_for(reason: str) -> str:
    """The reason of the page a louder step's page follows up ("louder:<reason>"); any
    other page's reason as it is."""
    head, colon, rest = reason.partition(":")
    return rest if colon and head in (REASON, REASON_UNTIL_ANSWERED) else reason


def steps_stop_on(reason: str, *, until_answered: bool) -> str:
    """What stops the louder steps of a page: the incident's acknowledgement, unless the
    page goes on past it (`until_answered`, an escalation's, or a reason that says so) and
    its reason does too; then the resolution, or the person's own acknowledgement."""
    goes_on = until_answered or reason_until_answered(reason)
    if goes_on and stops_on(reason) != StopsOn.ACKNOWLEDGE:
        return StopsOn.RESOLVE
    return StopsOn.ACKNOWLEDGE


def louder_reason(page_reason: str, steps_stop: str) -> str:
    """The reason of a louder step's page: it stops as the step does."""
    slug = REASON if steps_stop == StopsOn.ACKNOWLEDGE else REASON_UNTIL_ANSWERED
    return f"{slug}:{page_reason}"[:60]


def plan_louder_steps(
    pages: Sequence[tuple[Incident, Any, str, Notification, list[Step], bool]], *, now: datetime
) -> int:
    """Write the later steps of each (incident, person, reason, page's first row, steps,
    until answered) as deadline rows, for incidents still open and, unless the steps go on
    until the person answers, unacknowledged. Returns how many."""
    rows: list[PlannedRow] = []
    for incident, user, reason, root, planned, until_answered in pages:
        stops = steps_stop_on(reason, until_answered=until_answered)
        if not incident.is_open or (
            stops == StopsOn.ACKNOWLEDGE and incident.acknowledged_at is not None
        ):
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
                "label": f"{channels_label(channels)} · {display_name(user)}",
            }
            rows.append(
                PlannedRow(
                    incident=incident,
                    kind=f"{ACTION}:{root.pk}:{number}",
                    due_at=now + sla_minutes(minutes),
                    stops_on=stops,
                    data=data,
                )
            )
    return deadlines_create_many(rows)
