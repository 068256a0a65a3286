"""Alertmanager and Grafana deliveries: open, group, dedupe, resolve, re-fire, route."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from alerts.models import AlertGroup, RoutingRule
from escalation.sweep import sweep_due_deadlines
from incidents.models import Incident, IncidentSource, TimelineEvent
from notifications.models import Notification

from .payloads import alertmanager, am_alert, clone, grafana

pytestmark = pytest.mark.django_db


def kinds(incident):
    return list(incident.timeline.values_list("kind", flat=True))


def test_ingest_alertmanager_firing_opens_an_incident_like_a_declared_one(am, post, on_call):
    response = post("alertmanager", alertmanager(), token=am.token)
    assert response.status_code == 202
    incident = Incident.objects.get()
    assert incident.title == "Backend returns 500 everywhere"  # the summary annotation
    assert incident.severity == "P0"  # severity=critical
    assert incident.source == IncidentSource.MONITORING
    assert incident.detected_at == datetime(2026, 3, 2, 3, 0, 0, 123456, tzinfo=UTC)
    assert incident.started_at == incident.detected_at
    sweep_due_deadlines()  # the clocks and checklist come with the sweep, a moment later
    assert incident.deadlines.filter(kind="acknowledge").exists()  # the clocks started
    assert "declared" in kinds(incident) and "alert_opened" in kinds(incident)
    group = AlertGroup.objects.get()
    [alert] = group.alerts.all()
    assert alert.labels["instance"] == "backend:3000"
    assert alert.links["generatorURL"].startswith("http://prometheus:9090/graph")


def test_ingest_title_falls_back_to_alertname(am, post):
    alert = am_alert()
    del alert["annotations"]["summary"]
    post("alertmanager", alertmanager(alert), token=am.token)
    assert Incident.objects.get().title == "BackendDown"


def test_ingest_ha_duplicates_append_and_page_nobody_again(am, post, on_call):
    body = alertmanager()
    first = post("alertmanager", body, token=am.token).json()["incidents"][0]
    pages = Notification.objects.count()
    second = post("alertmanager", clone(body), token=am.token).json()["incidents"][0]
    assert first["action"] == "created" and second["action"] == "appended"
    assert first["id"] == second["id"]
    assert Incident.objects.count() == 1
    assert AlertGroup.objects.get().count == 2
    assert Notification.objects.count() == pages  # a repeat pages no one


def test_ingest_batch_with_a_repeated_fingerprint(am, post):
    body = alertmanager(am_alert("f1"), am_alert("f2", instance="b:1"), am_alert("f1"))
    response = post("alertmanager", body, token=am.token)
    assert response.status_code == 202
    actions = [(r["dedup_key"], r["action"]) for r in response.json()["incidents"]]
    assert actions == [("f1", "created"), ("f2", "created"), ("f1", "appended")]
    assert Incident.objects.count() == 2


def test_ingest_repeat_on_timeline_at_most_once_a_minute(am, post):
    with time_machine.travel(datetime(2026, 3, 2, 3, 5, tzinfo=UTC), tick=False) as clock:
        post("alertmanager", alertmanager(), token=am.token)
        incident = Incident.objects.get()
        for _ in range(3):
            clock.shift(timedelta(seconds=10))
            post("alertmanager", alertmanager(), token=am.token)
        assert kinds(incident).count("alert_repeated") == 1
        clock.shift(timedelta(seconds=61))
        post("alertmanager", alertmanager(), token=am.token)
        assert kinds(incident).count("alert_repeated") == 2
    group = AlertGroup.objects.get()
    assert group.count == 5


def test_ingest_group_key_grouping(make_integration, post):
    grouped = make_integration("alertmanager", group_by="group_key")
    body = alertmanager(am_alert("f1"), am_alert("f2", instance="b:1"))
    response = post("alertmanager", body, token=grouped.token).json()["incidents"]
    assert [r["action"] for r in response] == ["created", "appended"]
    assert Incident.objects.count() == 1
    assert AlertGroup.objects.get().alerts.count() == 2


def test_ingest_resolve_marks_alerts_resolved_and_keeps_the_incident_open(am, post):
    post("alertmanager", alertmanager(am_alert("f1"), am_alert("f2")), token=am.token)
    grouped = AlertGroup.objects.order_by("dedup_key")
    response = post("alertmanager", alertmanager(am_alert("f1", status="resolved")), token=am.token)
    assert response.json()["incidents"][0]["action"] == "resolved"
    first = grouped[0].incident
    assert grouped[0].alerts_resolved_at is not None
    assert "alerts_all_resolved" in kinds(first)
    assert first.is_open  # the verification gate decides resolution
    unknown = post(
        "alertmanager", alertmanager(am_alert("nope", status="resolved")), token=am.token
    )
    assert unknown.json()["incidents"][0]["action"] == "ignored"


def test_ingest_resolve_moves_to_mitigated_when_the_integration_says_so(
    make_integration, post, responder
):
    from incidents.services import incident_acknowledge

    am = make_integration("alertmanager", mitigate_when_resolved=True)
    post("alertmanager", alertmanager(), token=am.token)
    incident = Incident.objects.get()
    incident_acknowledge(incident=incident, by=responder)
    post("alertmanager", alertmanager(am_alert(status="resolved")), token=am.token)
    incident.refresh_from_db()
    assert incident.status == "mitigated"


def test_ingest_group_resolves_only_when_every_alert_has(make_integration, post):
    grouped = make_integration("alertmanager", group_by="group_key")
    post("alertmanager", alertmanager(am_alert("f1"), am_alert("f2")), token=grouped.token)
    post("alertmanager", alertmanager(am_alert("f1", status="resolved")), token=grouped.token)
    group = AlertGroup.objects.get()
    assert group.alerts_resolved_at is None
    post("alertmanager", alertmanager(am_alert("f2", status="resolved")), token=grouped.token)
    group.refresh_from_db()
    assert group.alerts_resolved_at is not None


def test_ingest_refiring_after_resolve_opens_a_new_linked_incident(am, post, commander, client):
    from incidents.services import incident_acknowledge, incident_resolve
    from runbooks.models import IncidentRunbook  # noqa: F401  (the gate has nothing to check)

    post("alertmanager", alertmanager(), token=am.token)
    old = Incident.objects.get()
    incident_acknowledge(incident=old, by=commander)
    incident_resolve(incident=old, by=commander)
    response = post("alertmanager", alertmanager(), token=am.token).json()["incidents"][0]
    assert response["action"] == "created"
    new = Incident.objects.exclude(pk=old.pk).get()
    assert response["id"] == new.pk
    group = AlertGroup.objects.get(incident=new)
    assert group.previous.incident == old
    opened = TimelineEvent.objects.get(incident=new, kind="alert_opened")
    assert opened.data["previous"] == old.pk
    client.force_login(commander)
    old_page = client.get(f"/incidents/{old.pk}/").content.decode()
    assert f'href="/incidents/{new.pk}/" data-testid="followed-by"' in old_page
    assert f'href="/incidents/{old.pk}/"' in client.get(f"/incidents/{new.pk}/").content.decode()


def test_ingest_routing_rules_first_match_wins(am, post, imported_scenarios):
    from runbooks.models import Scenario

    scenario = Scenario.objects.get(number=1)
    RoutingRule.objects.create(integration=am, position=1, label="job", value="db", severity="P1")
    RoutingRule.objects.create(
        integration=am,
        position=2,
        label="instance",
        operator="regex",
        value="backend:.*",
        severity="P1",
        scenario=scenario,
        service="backend",
    )
    RoutingRule.objects.create(
        integration=am, position=3, label="job", value="backend", severity="P3"
    )
    post("alertmanager", alertmanager(), token=am.token)
    sweep_due_deadlines()
    incident = Incident.objects.get()
    declared = TimelineEvent.objects.get(incident=incident, kind="declared")
    assert declared.data["severity"] == "P1"  # rule 2's, not rule 3's P3 nor the label's P0
    assert incident.runbook.scenario == scenario  # the checklist is attached
    # Scenario 1 (Database Down) is P0 in the playbook: attaching a more severe scenario
    # raises the incident (issue 11), whatever the rule set, and says so on the timeline.
    assert scenario.severity == "P0" and incident.severity == "P0"
    change = TimelineEvent.objects.get(incident=incident, kind="severity_changed")
    assert (change.data["from"], change.data["to"]) == ("P1", "P0")
    assert scenario.title in change.data["reason"]  # the reason names the scenario
    group = AlertGroup.objects.get()
    assert group.service == "backend" and group.routed_by_rule


def test_ingest_unmatched_alert_gets_defaults_and_no_scenario_mark(
    make_integration, post, client, commander
):
    am = make_integration("alertmanager", default_severity="P3", severity_map={"critical": "P1"})
    post("alertmanager", alertmanager(am_alert("a", severity="critical")), token=am.token)
    post("alertmanager", alertmanager(am_alert("b", severity="page-me")), token=am.token)
    by_key = {g.dedup_key: g.incident for g in AlertGroup.objects.select_related("incident")}
    assert by_key["a"].severity == "P1"  # the edited map
    assert by_key["b"].severity == "P3"  # unknown label value: the integration's default
    client.force_login(commander)
    page = client.get(f"/incidents/{by_key['b'].pk}/").content.decode()
    assert "alert-no-scenario" in page
    dashboard = client.get("/").content.decode()
    assert dashboard.count("alert-no-scenario") == 2


def test_ingest_grafana_firing_and_resolved(make_integration, post, client, commander):
    gf = make_integration("grafana")
    response = post("grafana", grafana(), token=gf.token)
    assert response.json()["incidents"][0]["action"] == "created"
    incident = Incident.objects.get()
    assert incident.title == "Latency p95 above 5s"
    assert incident.severity == "P2"
    [alert] = AlertGroup.objects.get().alerts.all()
    assert set(alert.links) == {"generatorURL", "silenceURL", "dashboardURL", "panelURL"}
    resolved = post("grafana", grafana(status="resolved"), token=gf.token)
    assert resolved.json()["incidents"][0]["action"] == "resolved"
    client.force_login(commander)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "https://grafana.example.com/d/backend" in page
    assert "grafana_folder" in page


def test_ingest_incident_page_shows_labels_and_links_never_scripts(am, post, client, commander):
    alert = am_alert()
    alert["annotations"]["runbook_url"] = "javascript:alert(1)"
    alert["labels"]["team"] = "<script>alert(1)</script>"
    post("alertmanager", alertmanager(alert), token=am.token)
    incident = Incident.objects.get()
    client.force_login(commander)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert 'href="http://prometheus:9090/graph' in page
    assert 'href="javascript:' not in page
    assert "<script>alert(1)</script>" not in page
    assert "backend:3000" in page


def test_ingest_detection_time_is_where_mtta_and_mttr_start(am, post, commander):
    from incidents.services import incident_acknowledge
    from reviews.figures import figures_by

    opened = datetime(2026, 3, 2, 3, 10, tzinfo=UTC)  # the alert started at 03:00:00.12
    with time_machine.travel(opened, tick=False) as clock:
        post("alertmanager", alertmanager(), token=am.token)
        incident = Incident.objects.get()
        clock.shift(timedelta(minutes=5))
        incident_acknowledge(incident=incident, by=commander)
    [row] = figures_by("severity", opened - timedelta(days=1), opened + timedelta(days=1))
    assert round(row.mtta_p50) == 15 * 60  # from detection, not the 5 min since opening
    assert row.within_sla == 1  # the acknowledge SLA still counts from opening


def test_ingest_alert_incident_pages_the_first_responder_once(am, post, on_call):
    """Opened like a declared incident: the on-call First Responder is paged (through the
    swept first page); the HA twin and later repeats page no one again."""
    post("alertmanager", alertmanager(), token=am.token)
    incident = Incident.objects.get()
    sweep_due_deadlines()
    assert incident.deadlines.filter(kind="first_page").exists()
    pages = Notification.objects.filter(incident=incident, user=on_call).count()
    assert pages >= 1
    for _ in range(3):
        assert post("alertmanager", alertmanager(), token=am.token).status_code == 202
        sweep_due_deadlines()
    assert Notification.objects.filter(incident=incident, user=on_call).count() == pages
    assert incident.deadlines.filter(kind="first_page").count() == 1


def test_ingest_events_acknowledge_stops_the_louder_pages(make_integration, post, on_call):
    from .payloads import event

    ev = make_integration("events")
    post("events", event(routing_key=ev.token, severity="critical"))
    incident = Incident.objects.get()
    sweep_due_deadlines()
    pending = incident.deadlines.filter(
        fired_at__isnull=True, cancelled_at__isnull=True, stops_on="acknowledge"
    )
    assert pending.exists()  # the acknowledge clock, the louder steps
    post("events", event("acknowledge", routing_key=ev.token))
    incident.refresh_from_db()
    assert incident.status == "acknowledged"
    assert not pending.exists()
