"""A delivery of many alerts: its repeats counted together and its new incidents opened
together, each alert getting exactly what it would alone."""

import pytest
from django.db import connection

from alerts.models import Alert, AlertGroup, RoutingRule
from escalation.sweep import sweep_due_deadlines
from incidents.models import Incident, TimelineEvent

from .payloads import alertmanager, am_alert
from .together import deliver_together

pytestmark = pytest.mark.django_db


def storm(*fingerprints, **labels):
    return alertmanager(*(am_alert(fp, instance=f"{fp}:9100", **labels) for fp in fingerprints))


def actions(response):
    return [(i["dedup_key"], i["action"]) for i in response.json()["incidents"]]


def test_ingest_batch_opens_then_counts_each_alert_like_alone(am, post, on_call):
    first = post("alertmanager", storm("a1", "a2", "a3", "a4"), token=am.token)
    assert first.status_code == 202
    assert actions(first) == [(k, "created") for k in ("a1", "a2", "a3", "a4")]
    incidents = {i["dedup_key"]: i["id"] for i in first.json()["incidents"]}
    assert Incident.objects.filter(pk__in=incidents.values(), severity="P0").count() == 4
    for key, pk in incidents.items():
        kinds = list(TimelineEvent.objects.filter(incident_id=pk).values_list("kind", flat=True))
        assert kinds == ["declared", "alert_opened"]
        assert Alert.objects.get(group__incident_id=pk).labels["instance"] == f"{key}:9100"
    sweep_due_deadlines()
    assert all(Incident.objects.get(pk=pk).deadlines.filter(kind="acknowledge").exists()
               for pk in incidents.values())  # fmt: skip

    again = post("alertmanager", storm("a3", "a1", "a5", "a2"), token=am.token)
    assert actions(again) == [
        ("a3", "appended"), ("a1", "appended"), ("a5", "created"), ("a2", "appended"),
    ]  # fmt: skip
    assert [i["id"] for i in again.json()["incidents"] if i["dedup_key"] != "a5"] == [
        incidents["a3"], incidents["a1"], incidents["a2"],
    ]  # fmt: skip
    assert AlertGroup.objects.get(dedup_key="a1").count == 2
    assert AlertGroup.objects.get(dedup_key="a4").count == 1
    repeated = TimelineEvent.objects.filter(kind="alert_repeated")
    assert repeated.count() == 3  # on the timeline once...
    post("alertmanager", storm("a1", "a2", "a3"), token=am.token)
    assert repeated.count() == 3  # ...and not again within the minute
    assert AlertGroup.objects.get(dedup_key="a1").count == 3


def test_ingest_batch_mixes_repeats_resolutions_and_routes(am, post):
    RoutingRule.objects.create(integration=am, position=1, label="instance", value="b2:9100",
                               severity="P3", service="billing")  # fmt: skip
    post("alertmanager", storm("b1"), token=am.token)
    body = storm("b1", "b2", "b3")
    body["alerts"].append(am_alert("b1", status="resolved", instance="b1:9100"))
    answer = post("alertmanager", body, token=am.token)
    assert actions(answer) == [
        ("b1", "appended"), ("b2", "created"), ("b3", "created"), ("b1", "resolved"),
    ]  # fmt: skip
    routed = AlertGroup.objects.get(dedup_key="b2")
    assert (routed.incident.severity, routed.service) == ("P3", "billing")
    assert AlertGroup.objects.get(dedup_key="b3").incident.severity == "P0"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write")
def test_ingest_concurrent_identical_batches_leave_one_incident_per_key(am):
    answers = deliver_together(am.token, storm("c1", "c2", "c3", "c4", "c5"), 4, retry_busy=True)
    assert [status for status, _body in answers] == [202] * 4
    assert Incident.objects.count() == 5
    # A 503 wrote nothing: each key counted once per delivery.
    assert sorted(AlertGroup.objects.values_list("count", flat=True)) == [4] * 5


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement paths are PostgreSQL's"
)
def test_ingest_batch_of_repeats_and_new_keys_is_two_statements(am, post):
    from django.test.utils import CaptureQueriesContext

    post("alertmanager", storm("b1", "b2"), token=am.token)  # the integration and policy kept
    with CaptureQueriesContext(connection) as queries:
        response = post("alertmanager", storm("b1", "b3", "b2", "b4"), token=am.token)
    assert actions(response) == [
        ("b1", "appended"), ("b3", "created"), ("b2", "appended"), ("b4", "created"),
    ]  # fmt: skip
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    intake = [sql for sql in statements if "alerts_alertgroup" in sql]
    assert len(intake) == 2, statements  # the repeats (with ids for the rest), then the opening
