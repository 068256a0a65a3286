"""The dead-man's switch: a red banner on every page and /health 503 when sweeps stop."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings

from escalation.heartbeat import heartbeat_record

from .conftest import T0

pytestmark = pytest.mark.django_db
BANNER = 'data-testid="sweep-banner"'


def _get(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


@override_settings(ESCALATION_SWEEP_SECONDS=5, LANGUAGE_CODE="en")
def test_banner_on_every_page_when_the_sweep_never_ran_or_stalled(client, responder):
    client.force_login(responder)
    with time_machine.travel(T0, tick=False):
        assert BANNER in _get(client, "/").content.decode()
        heartbeat_record(duration_ms=3.0, fired=0)
        for url in ("/", "/oncall/", "/login/"):
            assert BANNER not in _get(client, url).content.decode(), url
    with time_machine.travel(T0 + timedelta(seconds=15), tick=False):
        assert BANNER not in _get(client, "/").content.decode()
    with time_machine.travel(T0 + timedelta(seconds=16), tick=False):
        for url in ("/", "/oncall/"):
            assert BANNER in _get(client, url).content.decode(), url
    client.logout()
    with time_machine.travel(T0 + timedelta(seconds=16), tick=False):
        assert BANNER in _get(client, "/login/").content.decode()


@override_settings(ESCALATION_SWEEP_SECONDS=5)
def test_health_answers_503_when_the_sweep_is_stale_and_200_when_it_runs(client):
    with time_machine.travel(T0, tick=False):
        response = client.get("/health")
        assert response.status_code == 503
        assert response.json() == {
            "database": "ok",
            "broker": "ok",
            "last_sweep_age_s": None,
            "sweep_stale_after_s": 15.0,
            "status": "degraded",
        }
        heartbeat_record(duration_ms=3.0, fired=2)
    with time_machine.travel(T0 + timedelta(seconds=4), tick=False):
        response = client.get("/health")
        assert response.status_code == 200
        assert response.json()["status"] == "ok" and response.json()["last_sweep_age_s"] == 4.0
    with time_machine.travel(T0 + timedelta(seconds=60), tick=False):
        response = client.get("/health")
        assert response.status_code == 503 and response.json()["last_sweep_age_s"] == 60.0


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_health_answers_503_when_the_broker_is_down(client):
    heartbeat_record(duration_ms=3.0, fired=0)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["broker"] == "down" and response.json()["database"] == "ok"


def test_health_needs_no_login_and_only_answers_get(client):
    assert client.post("/health").status_code == 405
