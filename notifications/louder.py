"""Louder until acknowledged: each later step of a person's notification rules is a deadline
row ("louder:<page id>:<n>", data["action"] == "louder") written with the page, stopped by
the acknowledgement like every acknowledge clock, fired by the escalation sweep
(notifications.louder_page)."""

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
from .rules import Step

ACTION = "louder"
REASON = "louder"  # stops on acknowledgement (notifications.messages.REASONS)


def channels_label(channels: Sequence[str]) -> str:
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
                "label": f"{channels_label(channels)} · {display_name(user)}",
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
