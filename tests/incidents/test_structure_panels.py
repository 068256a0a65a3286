"""Apps plug their panels into the hub's pages through settings lists; the hub's templates
name none of them."""

import copy
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from incidents.panels import Panel

pytestmark = pytest.mark.django_db
HUB_TEMPLATES = Path(django_settings.BASE_DIR) / "templates" / "incidents"
OTHER_APPS = ("escalation", "runbooks", "communications", "notifications")


def sample_panel(request, incident):
    """A new app's panel: its own template, its own context, in the side column."""
    return Panel("structure/sample_panel.html", {"greeting": "Hello from a new app"}, "side")


def nothing_to_show(request, incident):
    return None


@pytest.fixture
def sample_app_templates(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates


def _page(client, user, incident) -> str:
    client.force_login(user)
    response = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_structure_a_new_apps_panel_appears_on_the_incident_page(
    client, settings, sample_app_templates, commander, declare
):
    incident = declare("P1")
    settings.INCIDENT_PAGE_PANELS = [
        *settings.INCIDENT_PAGE_PANELS,
        f"{__name__}.sample_panel",
        f"{__name__}.nothing_to_show",
    ]
    html = _page(client, commander, incident)
    panel = re.search(r'<aside class="incident-col-side">(.*?)</aside>', html, re.S)
    assert panel is not None
    assert f"Hello from a new app · {incident.reference}" in panel.group(1)
    # The hub's own panels and the other apps' still come first, in the listed order.
    side = panel.group(1)
    assert side.index('id="clocks"') < side.index('id="roles"') < side.index('id="paging-log"')
    assert side.index('id="paging-log"') < side.index('id="sample-panel"')


def test_structure_a_panel_left_out_of_the_setting_leaves_the_page(
    client, settings, commander, declare
):
    incident = declare("P1")
    assert 'id="paging-log"' in _page(client, commander, incident)
    settings.INCIDENT_PAGE_PANELS = [
        p for p in settings.INCIDENT_PAGE_PANELS if not p.startswith("notifications.")
    ]
    html = _page(client, commander, incident)
    assert 'id="paging-log"' not in html and 'id="clocks"' in html


def test_structure_htmx_refresh_after_a_change_keeps_every_panel(
    client, settings, sample_app_templates, commander, declare
):
    incident = declare("P1")
    settings.INCIDENT_PAGE_PANELS = [*settings.INCIDENT_PAGE_PANELS, f"{__name__}.sample_panel"]
    client.force_login(commander)
    url = reverse("incidents:add_note", args=[incident.pk])
    html = client.post(url, {"text": "Looking at the logs"}, HTTP_HX_REQUEST="true").content
    text = html.decode()
    assert "<html" not in text and "Looking at the logs" in text
    assert 'id="sample-panel"' in text and 'id="paging-log"' in text and 'id="runbook"' in text


def test_structure_dashboard_markers_come_from_the_setting(client, settings, commander, declare):
    from datetime import timedelta

    from django.utils import timezone

    from incidents.services import deadline_set

    incident = declare("P0")
    deadline_set(
        incident=incident,
        kind="stakeholder_update",
        due_at=timezone.now() - timedelta(minutes=1),
    )
    client.force_login(commander)
    assert "comms-overdue-badge" in client.get("/").content.decode()
    settings.DASHBOARD_MARKERS = []
    assert "comms-overdue-badge" not in client.get("/").content.decode()


def test_structure_hub_templates_name_no_other_apps_tags_or_templates():
    for path in HUB_TEMPLATES.glob("*.html"):
        text = path.read_text()
        loads = " ".join(re.findall(r"{%\s*load ([^%]*)%}", text)).split()
        assert set(loads) <= {"i18n", "partials", "incident_tags", "static", "l10n", "tz"}, path
        for app in OTHER_APPS:
            assert f"{app}/" not in text and f"{app}_" not in text, (path, app)
