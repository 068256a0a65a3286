"""What a new review starts with: the incident's timeline as lines to keep or drop, and
the downtime it shows."""

import re
from typing import Any

from django.template.loader import select_template
from django.utils import translation
from django.utils.html import strip_tags

from incidents import events as incident_events
from incidents.models import Incident, TimelineEvent

# Kept by default; the rest (each page delivered, each check run...) start unticked.
KEY_KINDS = {
    incident_events.DECLARED,
    incident_events.ACKNOWLEDGED,
    incident_events.MITIGATED,
    incident_events.RESOLVED,
    incident_events.REOPENED,
    incident_events.SEVERITY_CHANGED,
    incident_events.ROLE_ASSIGNED,
    incident_events.ROLE_REMOVED,
    incident_events.NOTE_ADDED,
    "escalated",
    "sla_breached",
    "scenario_attached",
    "step_failed",
    "rollback_confirmed",
    "communication_sent",
}
_SPACES = re.compile(r"\s+")


def event_text(event: TimelineEvent) -> str:
    """The timeline entry as the incident page shows it, as plain text."""
    template = select_template([f"timeline/{event.kind}.html", "timeline/_generic.html"])
    html = template.render({"event": event, "data": event.data})
    return _SPACES.sub(" ", strip_tags(html)).strip()


def timeline_lines(incident: Incident, language: str) -> list[dict[str, Any]]:
    events = incident.timeline.select_related("actor").order_by("created_at", "id")
    with translation.override(language):
        return [
            {
                "event": event.pk,
                "at": event.created_at.isoformat(),
                "text": event_text(event)[:500],
                "keep": event.kind in KEY_KINDS,
            }
            for event in events
        ]


def downtime_minutes(incident: Incident) -> int | None:
    """From the declaration to the moment service came back (mitigated, else resolved)."""
    restored = incident.mitigated_at or incident.resolved_at
    if restored is None:
        return None
    return max(0, round((restored - incident.opened_at).total_seconds() / 60))
