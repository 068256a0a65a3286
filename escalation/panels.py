"""This app's parts of the hub's pages (settings.INCIDENT_PAGE_PANELS)."""

from django.http import HttpRequest

from incidents.models import Incident
from incidents.panels import Panel

from .selectors import records_by_deadline, sla_breached


def incident_markers(request: HttpRequest, incident: Incident) -> Panel:
    """Backlog and SLA-breached pills beside the incident's status."""
    context = {"sla_breached": sla_breached(incident)}
    return Panel("escalation/_incident_markers.html", context, slot="head")


def clocks(request: HttpRequest, incident: Incident) -> Panel:
    """Every clock of the incident and what happened when it was reached."""
    return Panel(
        "escalation/_clocks_panel.html", {"records": records_by_deadline(incident)}, "side"
    )
