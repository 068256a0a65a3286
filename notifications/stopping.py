"""Nothing rings after it stops mattering: a row whose reason no longer holds is not sent.

Checked when a row is about to be sent (delivery) and when the outbox sweep would send a
lost one again. What stops a reason is declared with it (notifications.reasons); a page its
person acknowledged (notifications.answer), or that paged them for a role they were
relieved of since (notifications.relief), stops too, whatever its reason, but NEVER.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import F

from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.models import IncidentStatus, StopsOn
from incidents.selectors import display_name

from . import events
from .chain import event_data
from .models import Notification, NotificationStatus
from .reasons import stops_on

RESOLVED_STATUSES = (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)


def why_not_needed(row: Notification) -> dict[str, Any] | None:
    """Why the row need not be sent any more ({"because", "by", "at"}), or None."""
    incident = row.incident
    if incident is None:
        return None
    stops = stops_on(row.reason)
    if stops == StopsOn.NEVER:
        return None
    if incident.status in RESOLVED_STATUSES:
        at = incident.resolved_at or incident.closed_at
        by = incident.resolved_by if incident.resolved_at else incident.closed_by
        return {"because": "resolved", "by": display_name(by), "at": _iso(at)}
    if stops == StopsOn.ACKNOWLEDGE and incident.acknowledged_at is not None:
        return {
            "because": "acknowledged",
            "by": display_name(incident.acknowledged_by),
            "at": _iso(incident.acknowledged_at),
        }
    page = row if row.root_id is None else row.root  # the page's first row
    if page is not None and page.acknowledged_at is not None:  # its person answered it
        return {
            "because": "acknowledged",
            "by": display_name(row.user),
            "at": _iso(page.acknowledged_at),
        }
    if page is not None and page.relieved_at is not None:  # the role went to someone else
        return {"because": "relieved", "by": display_name(row.user), "at": _iso(page.relieved_at)}
    return None


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def mark_not_sent(
    rows: Sequence[tuple[Notification, dict[str, Any]]],
    *,
    now: datetime,
    claimed_attempt: int | None = None,
) -> list[Notification]:
    """Mark each (row, why) not sent, if it is still pending (or still the claimed try),
    each on its incident's timeline. Returns the rows that were."""
    done: list[Notification] = []
    for row, why in rows:
        pending = Notification.objects.filter(pk=row.pk)
        fields: dict[str, Any] = {
            "status": NotificationStatus.NOT_SENT,
            "next_attempt_at": None,
            "last_error": f"not sent: {why['because']}",
            "updated_at": now,
        }
        if claimed_attempt is None:
            pending = pending.filter(status=NotificationStatus.QUEUED)
        else:  # the claim counted a try that never happened
            pending = pending.filter(status=NotificationStatus.SENDING, attempts=claimed_attempt)
            fields["attempts"] = F("attempts") - 1
        if pending.update(**fields):
            row.status = NotificationStatus.NOT_SENT
            done.append(row)
    timeline_append_many(
        [
            TimelineEntry(row.incident, events.PAGE_NOT_SENT, event_data(row, **why))
            for row, why in rows
            if row in done and row.incident is not None
        ],
        at=now,
    )
    return done
