"""What other apps show on the hub's pages, without the hub naming them.

settings.INCIDENT_PAGE_PANELS lists callables ``(request, incident) -> Panel | None``: each
app reads what its panel needs with its own selectors and names its own template. The
incident page renders them in list order, each in its slot; None shows nothing (no
permission, nothing to say). settings.DASHBOARD_PANELS lists callables
``(request) -> Panel | None``: sections of the dashboard, slot "head" above its list of open
incidents (what bears on them: who is on call, gaps), slot "foot" below it (a person's own
follow-up work, which must never push open incidents off a phone's first screen).
settings.DASHBOARD_MARKERS lists callables
``(request, incidents) -> {incident pk: Panel}``: called once per dashboard page with every
incident listed, so the page's query count does not grow with the number of rows.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

from .models import Incident

SLOTS = ("head", "main", "side")  # beside the status; above the timeline; the side column
DASHBOARD_SLOTS = ("head", "foot")  # above the open incidents; below them


@dataclass(frozen=True)
class Panel:
    """A template and the context it adds to the page's (incident, perms, request...)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    slot: str = "main"


def _by_slot(setting: str, slots: Sequence[str], *args: Any) -> dict[str, list[Panel]]:
    """Call each callable the setting lists with `args`; the panels they give, by slot."""
    panels: dict[str, list[Panel]] = {slot: [] for slot in slots}
    for path in getattr(settings, setting, []):
        panel = import_string(path)(*args)
        if panel is not None:
            panels[panel.slot].append(panel)
    return panels


def incident_panels(request: HttpRequest, incident: Incident) -> dict[str, list[Panel]]:
    """The incident page's panels by slot, from settings.INCIDENT_PAGE_PANELS."""
    return _by_slot("INCIDENT_PAGE_PANELS", SLOTS, request, incident)


def preferences_panels(request: HttpRequest) -> list[Panel]:
    """The preferences page's panels (how you are paged...), from settings.PREFERENCES_PANELS:
    callables (request) -> Panel | None, in list order."""
    panels = [import_string(path)(request) for path in getattr(settings, "PREFERENCES_PANELS", [])]
    return [panel for panel in panels if panel is not None]


def dashboard_panels(request: HttpRequest) -> dict[str, list[Panel]]:
    """Sections other apps put on the dashboard (settings.DASHBOARD_PANELS, callables
    ``(request) -> Panel | None``) by slot ("head" above the open incidents, "foot" below),
    in list order."""
    return _by_slot("DASHBOARD_PANELS", DASHBOARD_SLOTS, request)


def dashboard_markers(request: HttpRequest, incidents: Sequence[Incident]) -> None:
    """Put each app's markers (settings.DASHBOARD_MARKERS) on the dashboard rows, as
    ``incident.markers``, in list order."""
    for incident in incidents:
        incident.markers = []  # type: ignore[attr-defined]
    by_pk = {incident.pk: incident for incident in incidents}
    for path in getattr(settings, "DASHBOARD_MARKERS", []):
        for pk, marker in import_string(path)(request, incidents).items():
            by_pk[pk].markers.append(marker)  # type: ignore[attr-defined]


def roles(request: HttpRequest, incident: Incident) -> Panel | None:
    """The hub's own panels use the same list: the form to assign a role (who holds
    which is at the top of the page, beside the next clock)."""
    if not request.user.has_perm("incidents.assign_role"):
        return None
    return Panel("incidents/_roles_panel.html", slot="side")


def severity(request: HttpRequest, incident: Incident) -> Panel | None:
    if not (incident.is_open and request.user.has_perm("incidents.change_severity")):
        return None
    return Panel("incidents/_severity_panel.html", slot="side")


def restriction(request: HttpRequest, incident: Incident) -> Panel | None:
    """A restricted incident says so; commanders may restrict or open it up."""
    if not (incident.restricted or request.user.has_perm("incidents.restrict_incident")):
        return None
    return Panel("incidents/_restriction_panel.html", slot="side")
