"""This app's parts of the hub's pages (settings.INCIDENT_PAGE_PANELS, DASHBOARD_MARKERS)."""

from collections.abc import Sequence

from django.http import HttpRequest
from django.utils import timezone

from incidents.models import Incident
from incidents.panels import Panel

from .composer import SEND_PERM
from .selectors import comms_summary, overdue_update_ids


def composer(request: HttpRequest, incident: Incident) -> Panel | None:
    """The communications panel of the incident page (the composer for commanders)."""
    user = request.user
    if not user.has_perm("communications.view_incidentcomms"):
        return None
    # The composer itself opens on demand (its button loads it over HTMX): the page stays
    # short for responders, and nothing is filled in from a template until it is wanted.
    context = {
        "incident": incident,
        "comms": comms_summary(incident),
        "can_send": user.has_perm(SEND_PERM),
        "composer_closed": True,
    }
    return Panel("communications/_composer.html", context)


def overdue_markers(request: HttpRequest, incidents: Sequence[Incident]) -> dict[int, Panel]:
    """An 'update overdue' badge on the dashboard rows that owe one (one query)."""
    overdue = overdue_update_ids([i.pk for i in incidents], timezone.now())
    return {pk: Panel("communications/_overdue_marker.html") for pk in overdue}
