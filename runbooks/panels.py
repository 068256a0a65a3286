"""This app's parts of the hub's pages (settings.INCIDENT_PAGE_PANELS, DASHBOARD_MARKERS)."""

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, QueryDict

from incidents.models import Incident
from incidents.panels import Panel

from .declare import picker_context
from .selectors import checklist_for, checklist_progress, scenarios_for_picker
from .translations import localize_scenarios


def checklist(request: HttpRequest, incident: Incident) -> Panel:
    """The incident's checklist, or the form to attach a scenario when it has none."""
    found = checklist_for(incident)
    context: dict[str, Any] = {"checklist": found}
    if found is None:
        query = QueryDict(mutable=True)
        query["title"] = incident.title
        query["description"] = incident.description
        picker = picker_context(query)
        # Attaching here takes a click on "Attach checklist": the best match may be preselected.
        if picker["suggestions"]:
            picker["chosen"] = str(picker["suggestions"][0].pk)
        context["picker"] = picker
    else:
        context["all_scenarios"] = list(scenarios_for_picker())
        localize_scenarios(context["all_scenarios"])
    return Panel("runbooks/_panel.html", context)


def checklist_markers(request: HttpRequest, incidents: Sequence[Incident]) -> dict[int, Panel]:
    """Checklist progress (6/12) on the dashboard rows that have a checklist."""
    progress = checklist_progress([incident.pk for incident in incidents])
    return {
        pk: Panel("runbooks/_progress_marker.html", {"settled": settled, "total": total})
        for pk, (settled, total) in progress.items()
    }
