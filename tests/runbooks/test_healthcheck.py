import pytest
from django.test import override_settings

from incidents.errors import IncidentActionError
from runbooks.models import HealthCheckRun, ServiceEndpoint
from runbooks.services import health_check_run, scenario_attach

from .conftest import scenario_titled


@pytest.fixture
def incident(imported, declare, responder):
    incident = declare("P0", "Database down")
    scenario_attach(incident=incident, scenario=scenario_titled("Database Down"), by=responder)
    return incident


@pytest.fixture
def health_step(incident):
    return incident.runbook.scenario.steps.get(section="diagnosis", order=0)


def last_event(incident):
    return incident.timeline.filter(kind="health_check").latest("created_at")


def test_passing_check(incident, health_step, backend, responder):
    backend.answer(200, {"status": "ok", "database": "healthy", "uptime": 12})
    run = health_check_run(incident=incident, step=health_step, by=responder)
    assert run.passed and run.status_code == 200
    assert backend.requests == ["/api/health"]
    event = last_event(incident)
    assert event.actor == responder
    assert event.data["passed"] is True
    assert event.data["url"] == f"{backend.url}/api/health"
    assert event.data["status"] == 200
    assert event.data["latency_ms"] >= 0
    assert '"database": "healthy"' in event.data["excerpt"]


def test_wrong_body_fails(incident, health_step, backend, responder):
    backend.answer(200, {"status": "ok", "database": "unreachable"})
    run = health_check_run(incident=incident, step=health_step, by=responder)
    assert not run.passed
    event = last_event(incident)
    assert event.data["passed"] is False
    assert "does not contain" in event.data["reason"]
    assert "unreachable" in event.data["excerpt"]


def test_server_error_fails(incident, health_step, backend, responder):
    backend.answer(500, b"Database connection failed")
    run = health_check_run(incident=incident, step=health_step, by=responder)
    assert (run.passed, run.status_code) == (False, 500)
    assert "Expected status 200, got 500" in last_event(incident).data["reason"]
    assert last_event(incident).data["excerpt"] == "Database connection failed"


@override_settings(RUNBOOK_CHECK_TIMEOUT_SECONDS=0.3)
def test_timeout_fails(incident, health_step, backend, responder):
    backend.answer(200, {"status": "ok", "database": "healthy"}, delay=1.5)
    run = health_check_run(incident=incident, step=health_step, by=responder)
    assert not run.passed and run.status_code is None
    event = last_event(incident)
    assert "timeout" in event.data["reason"]
    assert event.data["timeout_seconds"] == 0.3


def test_step_without_check_or_unknown_service_is_refused(incident, health_step, responder):
    plain = incident.runbook.scenario.steps.get(section="diagnosis", order=1)
    with pytest.raises(IncidentActionError, match="no automatic check"):
        health_check_run(incident=incident, step=plain, by=responder)
    ServiceEndpoint.objects.all().delete()
    with pytest.raises(IncidentActionError, match="not in the service catalogue"):
        health_check_run(incident=incident, step=health_step, by=responder)
    assert not HealthCheckRun.objects.exists()
