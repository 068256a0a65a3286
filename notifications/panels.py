"""This app's part of the incident page (settings.INCIDENT_PAGE_PANELS)."""

from django.http import HttpRequest

from incidents.models import Incident
from incidents.panels import Panel

from . import selectors


def paging_log(request: HttpRequest, incident: Incident) -> Panel:
    """Every page and message about the incident, and how each went."""
    return Panel(
        "notifications/_paging_log.html",
        {"notifications": list(selectors.paging_log(incident))},
        "side",
    )
