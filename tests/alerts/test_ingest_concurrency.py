"""Identical deliveries at the same moment leave one incident (the partial unique index)."""

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from alerts.models import AlertGroup
from incidents.models import Incident

from .payloads import alertmanager

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write")
def test_ingest_concurrent_identical_deliveries_leave_one_incident(am):
    body = json.dumps(alertmanager())
    start = threading.Barrier(6)
    answers: list[dict] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            start.wait(timeout=10)
            response = Client().post(
                "/api/v1/alerts/alertmanager",
                data=body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {am.token}"},
            )
            answers.append({"status": response.status_code, **response.json()})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert [a["status"] for a in answers] == [202] * 6
    actions = sorted(a["incidents"][0]["action"] for a in answers)
    assert actions == ["appended"] * 5 + ["created"]
    assert Incident.objects.count() == 1
    assert {a["incidents"][0]["id"] for a in answers} == {Incident.objects.get().pk}
    assert AlertGroup.objects.get().count == 6
