import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import Incident, IncidentStatus
from incidents.services import incident_declare
from incidents.views.dashboard import PAGE_SIZE

pytestmark = pytest.mark.django_db


def _fill(n, by):
    for i in range(n):
        incident = incident_declare(title=f"Incident number {i}", severity=f"P{i % 4}", by=by)
        if i % 3 == 0:
            Incident.objects.filter(pk=incident.pk).update(
                status=IncidentStatus.ACKNOWLEDGED,
                acknowledged_by=by,
                acknowledged_at=incident.opened_at,
            )


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_dashboard_costs_the_same_for_10_and_500_incidents(client, responder, commander):
    client.force_login(responder)
    _fill(10, commander)
    client.get("/")  # warm: the on-call plan is read once per process (per schedule version)
    small, html = _queries(client)
    assert html.count('class="incident-row') == 10
    _fill(490, commander)
    large, html = _queries(client)
    assert html.count('class="incident-row') == PAGE_SIZE  # one page; the rest are paginated
    assert "500" in html
    assert small == large
