"""This app's part of the incident page (settings.INCIDENT_PAGE_PANELS)."""

from typing import Any

from django.http import HttpRequest, QueryDict

from incidents.models import Incident
from incidents.panels import Panel

from .declare import picker_context
from .selectors import checklist_for, scenarios_for_picker


def checklist(request: HttpRequest, incident: Incident) -> Panel:
    """The incident's checklist, or the form to attach a scenario when it has none."""
    found = checklist_for(incident)
    context: dict[str, Any] = {"checklist": found}
    if found is None:
        query = QueryDict(mutable=True)
        query["title"] = incident.title
        query["description"] = incident.description
        context["picker"] = picker_context(query)
    else:
        context["all_scenarios"] = scenarios_for_picker()
    return Panel("runbooks/_panel.html", context)
