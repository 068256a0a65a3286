"""Events v2 (the PagerDuty shape): trigger, acknowledge, resolve; routing_key or Bearer."""

import pytest

from alerts.models import AlertGroup
from incidents.models import Incident, TimelineEvent

from .payloads import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev(make_integration):
    return make_integration("events")


def test_ingest_events_trigger_acknowledge_resolve(ev, post):
    created = post("events", event(routing_key=ev.token))
    assert created.status_code == 202
    body = created.json()
    assert body["incidents"][0]["action"] == "created"
    assert body["dedup_key"] == "srv-42/disk" and body["status"] == "success"
    incident = Incident.objects.get()
    assert incident.title == "Disk full on srv-42"
    assert incident.severity == "P1"  # error -> P1
    alert = AlertGroup.objects.get().alerts.get()
    assert alert.labels["source"] == "srv-42"
    assert alert.annotations["free_bytes"] == "0"
    assert alert.links == {"Monitor": "https://monitor.example.com/srv-42"}

    acked = post("events", event("acknowledge", routing_key=ev.token))
    assert acked.json()["incidents"][0]["action"] == "acknowledged"
    incident.refresh_from_db()
    assert incident.status == "acknowledged" and incident.acknowledged_by is None
    mark = TimelineEvent.objects.get(incident=incident, kind="alert_acknowledged")
    assert mark.data["integration"] == ev.name

    resolved = post("events", event("resolve", routing_key=ev.token))
    assert resolved.json()["incidents"][0]["action"] == "resolved"
    assert AlertGroup.objects.get().alerts_resolved_at is not None


def test_ingest_events_bearer_header_instead_of_routing_key(ev, post):
    assert post("events", event(), token=ev.token).status_code == 202
    assert post("events", event()).status_code == 401


def test_ingest_events_trigger_without_dedup_key_gets_one(ev, post):
    body = event(routing_key=ev.token)
    del body["dedup_key"]
    response = post("events", body).json()
    assert len(response["dedup_key"]) == 32
    assert response["incidents"][0]["dedup_key"] == response["dedup_key"]


def test_ingest_events_acknowledge_or_resolve_unknown_key_is_ignored(ev, post):
    for action in ("acknowledge", "resolve"):
        response = post("events", event(action, dedup_key="never-seen", routing_key=ev.token))
        assert response.status_code == 202
        assert response.json()["incidents"] == [
            {"id": None, "url": None, "dedup_key": "never-seen", "action": "ignored"}
        ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event_action": "explode"}, "$.event_action"),
        ({"dedup_key": "k" * 256}, "$.dedup_key"),
        ({"payload": None}, "$.payload"),
        ({"payload": {"source": "a", "severity": "info"}}, "$.payload.summary"),
        (
            {"payload": {"summary": "s" * 1025, "source": "a", "severity": "info"}},
            "$.payload.summary",
        ),
        ({"payload": {"summary": "s", "severity": "info"}}, "$.payload.source"),
        ({"payload": {"summary": "s", "source": "a", "severity": "fatal"}}, "$.payload.severity"),
    ],
)
def test_ingest_events_schema(ev, post, change, field):
    body = {**event(routing_key=ev.token), **change}
    response = post("events", body)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_ingest_events_acknowledge_needs_a_dedup_key(ev, post):
    response = post("events", {"routing_key": ev.token, "event_action": "acknowledge"})
    assert response.status_code == 400 and response.json()["field"] == "$.dedup_key"
