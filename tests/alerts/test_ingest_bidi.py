"""Text that comes from a monitor (alert titles, label values, integration and routing-rule
names) is isolated (<bdi>) wherever the incident page, its timeline and the integration page
show it, and stays escaped: a right-to-left title cannot reorder the words around it, and
markup in it is shown as text."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from alerts.models import GroupBy
from alerts.services.integrations import rule_add
from incidents.models import Incident

from .payloads import alertmanager, am_alert

pytestmark = pytest.mark.django_db

MONITOR = "prometheus-prod"  # integration names are slugs: isolated all the same
TEAM = "<i>צוות-אלף</i>"  # a label value the routing rule matches
TITLE = "<script>alert(1)</script> השרת נפל"
OTHER = "<u>שגיאה</u> שנייה"


def _alert(fingerprint, summary, status="firing"):
    alert = am_alert(fingerprint, status=status, team=TEAM)
    alert["annotations"]["summary"] = summary
    return alert


def _escaped(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture
def reader(client, commander):
    """Log the commander in (after the deliveries, at today's date), reading English."""

    def _login():
        commander.profile.language = "en"  # the assertions read English
        commander.profile.save()
        client.force_login(commander)
        return client

    return _login


@pytest.fixture
def monitor(make_integration):
    integration = make_integration("alertmanager", name=MONITOR, group_by=GroupBy.GROUP_KEY)
    rule_add(integration=integration, label="team", value=TEAM, service=TEAM)
    return integration


def test_ingest_text_is_isolated_and_escaped_on_the_incident_page(reader, monitor, post):
    with time_machine.travel(datetime(2026, 3, 2, 3, 5, tzinfo=UTC), tick=False) as clock:
        post("alertmanager", alertmanager(_alert("f1", TITLE)), token=monitor.token)
        clock.shift(timedelta(seconds=10))
        post("alertmanager", alertmanager(_alert("f2", OTHER)), token=monitor.token)  # added
        clock.shift(timedelta(seconds=61))
        post("alertmanager", alertmanager(_alert("f1", TITLE)), token=monitor.token)  # again
        clock.shift(timedelta(seconds=10))
        post("alertmanager", alertmanager(_alert("f1", TITLE, "resolved")), token=monitor.token)
        clock.shift(timedelta(seconds=10))
        post("alertmanager", alertmanager(_alert("f2", OTHER, "resolved")), token=monitor.token)
    incident = Incident.objects.get()
    kinds = set(incident.timeline.values_list("kind", flat=True))
    assert {"alert_opened", "alert_added", "alert_repeated", "alert_resolved"} <= kinds
    assert "alerts_all_resolved" in kinds
    html = reader().get(f"/incidents/{incident.pk}/?timeline=all").content.decode()

    timeline = html[html.index('id="timeline"') :]
    title, other, team = map(_escaped, (TITLE, OTHER, TEAM))
    assert f"integration <bdi>{MONITOR}</bdi>" in timeline  # opened by
    assert f"routed by “<bdi>team = {team}</bdi>”" in timeline
    assert f"service <bdi>{team}</bdi>" in timeline
    assert f"Another alert joined: “<bdi>{other}</bdi>”" in timeline
    assert f"Alert “<bdi>{title}</bdi>” fired again" in timeline
    assert f"Alert “<bdi>{title}</bdi>” resolved" in timeline
    assert f"Alert “<bdi>{other}</bdi>” resolved" in timeline

    panel = html[
        html.index('id="alerts-panel"') : html.index("</section>", html.index('id="alerts-panel"'))
    ]
    assert f"From <strong><bdi>{MONITOR}</bdi></strong>" in panel
    assert f"<strong><bdi>{team}</bdi></strong>" in panel  # the service
    assert f"</span> <bdi>{title}</bdi></h3>" in panel
    assert f"</span> <bdi>{other}</bdi></h3>" in panel
    assert f"<dt><bdi>team</bdi></dt><dd><bdi>{team}</bdi></dd>" in panel

    for markup in (TITLE, OTHER, TEAM):  # nothing the monitor sent became markup
        assert markup not in html


def test_ingest_text_is_isolated_and_escaped_on_the_integration_pages(reader, monitor, post):
    post("alertmanager", alertmanager(_alert("f1", TITLE)), token=monitor.token)
    detail = reader().get(reverse("alerts:integration", args=[monitor.pk])).content.decode()
    title, team = map(_escaped, (TITLE, TEAM))
    assert f"<h1><bdi>{MONITOR}</bdi></h1>" in detail
    rules = detail[detail.index('id="routing-rules"') :]
    assert f"<bdi>team</bdi> = <bdi>{team}</bdi>" in rules
    recent = detail[detail.index('id="recent-alerts"') :]
    assert f"<td><bdi>{title}</bdi></td>" in recent
    listing = reader().get(reverse("alerts:integrations")).content.decode()
    assert f"<strong><bdi>{MONITOR}</bdi></strong>" in listing
    for page in (detail, listing):
        assert TITLE not in page and TEAM not in page
