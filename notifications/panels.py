"""This app's part of the incident page (settings.INCIDENT_PAGE_PANELS)."""

from typing import Any

from django.http import HttpRequest

from incidents.models import Incident, IncidentStatus
from incidents.panels import Panel

from . import selectors
from .answer import live_pages
from .forms import NotificationRulesForm
from .models import PENDING_STATUSES
from .rules import person_rules
from .trial_page import latest_trial_rows


def paging_log(request: HttpRequest, incident: Incident) -> Panel:
    """Every page and message about the incident, and how each went."""
    return Panel(
        "notifications/_paging_log.html",
        {"notifications": list(selectors.paging_log(incident))},
        "side",
    )


def my_page(request: HttpRequest, incident: Incident) -> Panel | None:
    """Beside the status, for someone an escalation paged after (or before) the incident
    was acknowledged: when, and the button that stops the pages to them."""
    if incident.status == IncidentStatus.TRIGGERED:
        return None  # "Acknowledge" is the answer (and answers their page too)
    pages = live_pages(incident, request.user)
    if not pages:
        return None
    return Panel("notifications/_my_page.html", {"my_page": pages[0]}, "head")


def trial_context(user: Any) -> dict[str, Any]:
    """The latest test page's rows, and whether one is still on its way."""
    rows = list(latest_trial_rows(user))
    return {"trial_rows": rows, "trial_pending": any(r.status in PENDING_STATUSES for r in rows)}


def notification_rules(request: HttpRequest) -> Panel:
    """On the preferences page (settings.PREFERENCES_PANELS): how this person is paged, per
    severity, and the "send me a test page" button with the last test's outcome."""
    user = request.user
    form = NotificationRulesForm(own=person_rules(user))
    context = {"rules_form": form, **trial_context(user)}
    return Panel("notifications/_preferences_panel.html", context)
