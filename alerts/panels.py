"""This app's parts of the hub's pages (settings.INCIDENT_PAGE_PANELS, DASHBOARD_MARKERS)."""

from collections.abc import Sequence

from django.http import HttpRequest

from incidents.models import Incident
from incidents.panels import Panel

from .selectors import alert_group_of, groups_for_dashboard, has_scenario, next_group_of


def alerts(request: HttpRequest, incident: Incident) -> Panel | None:
    """The alerts behind an incident: labels, annotations, links (shown, never fetched)."""
    group = alert_group_of(incident)
    if group is None:
        return None
    context = {
        "group": group,
        "alerts": list(group.alerts.all()),
        "no_scenario": not has_scenario(incident),
        "followed_by": next_group_of(group),
    }
    return Panel("alerts/_incident_alerts.html", context, slot="main")


def alert_markers(request: HttpRequest, incidents: Sequence[Incident]) -> dict[int, Panel]:
    """On dashboard rows opened by an alert: how often it fired, 'alerts resolved', 'no
    scenario' (one query for the page)."""
    groups = groups_for_dashboard([i.pk for i in incidents])
    return {
        g.incident_id: Panel("alerts/_dashboard_marker.html", {"group": g})
        for g in groups
        if g.incident_id is not None
    }
