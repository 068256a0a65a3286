"""Identical deliveries at the same moment leave one incident (the partial unique index)."""

import pytest
from django.db import connection

from alerts.models import AlertGroup
from incidents.models import Incident

from .payloads import alertmanager
from .together import deliver_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write")
def test_ingest_concurrent_identical_deliveries_leave_one_incident(am):
    answers = [
        {"status": status, **body} for status, body in deliver_together(am.token, alertmanager(), 6)
    ]
    assert [a["status"] for a in answers] == [202] * 6
    actions = sorted(a["incidents"][0]["action"] for a in answers)
    assert actions == ["appended"] * 5 + ["created"]
    assert Incident.objects.count() == 1
    assert {a["incidents"][0]["id"] for a in answers} == {Incident.objects.get().pk}
    assert AlertGroup.objects.get().count == 6
