"""An alert opens its incident in one statement; the sweep finishes the declaration a moment
later (clocks, checklist, first page), exactly once, and never pages an incident someone
acknowledged in between."""

import pytest
from django.db import connection

from alerts.models import RoutingRule
from escalation.sweep import sweep_due_deadlines
from incidents.models import Deadline, Incident, TimelineEvent
from incidents.services import incident_declare
from notifications.models import Notification

from .payloads import alertmanager, event

pytestmark = pytest.mark.django_db


def clocks(incident):
    """The incident's clocks: kind, when (from the opening), stops on. The louder pages count
    from the first page, not the opening, so they are left out."""
    rows = incident.deadlines.exclude(kind="declare").exclude(kind__startswith="louder")
    rows = rows.order_by("kind")
    return [(d.kind, d.due_at - incident.opened_at, d.stops_on) for d in rows]


def test_ingest_alert_incident_gets_the_clocks_and_checklist_of_a_declared_one(
    am, post, on_call, imported_scenarios
):
    from runbooks.models import Scenario

    scenario = Scenario.objects.get(number=2)
    RoutingRule.objects.create(integration=am, position=1, label="job", value="backend",
                               severity="P1", scenario=scenario)  # fmt: skip
    answer = post("alertmanager", alertmanager(), token=am.token).json()["incidents"][0]
    by_alert = Incident.objects.get(pk=answer["id"])
    by_hand = incident_declare(
        title="Backend down", severity="P1", by=on_call, extra={"scenario": scenario}
    )
    if connection.vendor == "postgresql":  # the fast path leaves the rest to the sweep
        assert list(by_alert.deadlines.values_list("kind", flat=True)) == ["declare"]
    assert sweep_due_deadlines() >= 1
    by_alert.refresh_from_db()
    by_hand.refresh_from_db()
    assert clocks(by_alert) == clocks(by_hand) != []
    assert by_alert.severity == by_hand.severity
    assert by_alert.runbook.scenario == by_hand.runbook.scenario == scenario
    assert by_alert.step_progress.count() == by_hand.step_progress.count()
    assert Notification.objects.filter(incident=by_alert, user=on_call).exists()  # paged
    kinds = list(by_alert.timeline.values_list("kind", flat=True))
    assert kinds[:2] == ["declared", "alert_opened"]


def test_ingest_declaration_is_finished_exactly_once(am, post, on_call):
    post("alertmanager", alertmanager(), token=am.token)
    incident = Incident.objects.get()
    sweep_due_deadlines()
    before = (Deadline.objects.count(), TimelineEvent.objects.count(), Notification.objects.count())
    assert sweep_due_deadlines() == 0
    post("alertmanager", alertmanager(), token=am.token)  # a repeat: no second declaration
    sweep_due_deadlines()
    assert Deadline.objects.count() == before[0]
    assert Notification.objects.count() == before[2]
    assert incident.deadlines.filter(kind="first_page").count() == 1


def test_ingest_acknowledged_before_the_sweep_pages_nobody(make_integration, post, on_call):
    ev = make_integration("events")
    post("events", event(routing_key=ev.token, severity="critical"))
    post("events", event("acknowledge", routing_key=ev.token))  # before any sweep
    incident = Incident.objects.get()
    assert incident.status == "acknowledged"
    sweep_due_deadlines()
    assert not Notification.objects.filter(incident=incident, user=on_call).exists()
    assert not incident.deadlines.pending().filter(stops_on="acknowledge").exists()
    assert incident.deadlines.filter(kind="escalation_engineer").exists()  # still counts
