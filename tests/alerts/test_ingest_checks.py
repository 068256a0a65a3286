"""The endpoints' checks, in order: size 413, authentication 401, content type 415, schema
400 naming the field, then 202 (or 503 with Retry-After when over the rate limit)."""

import json
import logging
import time

import pytest
from django.conf import settings

from alerts.signatures import sign
from incidents.models import Incident

from .payloads import alertmanager, am_alert, event, grafana

pytestmark = pytest.mark.django_db


def test_ingest_checks_body_size_first(am, post):
    huge = json.dumps({"padding": "x" * (1024 * 1024 + 10)})
    # Too big, with no token and the wrong content type: the size is checked first.
    response = post("alertmanager", None, raw=huge, content_type="text/plain")
    assert response.status_code == 413
    assert Incident.objects.count() == 0


def test_ingest_checks_authentication_before_content_type_and_schema(am, post):
    response = post("alertmanager", None, raw="not json", content_type="text/plain")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    wrong = post("alertmanager", alertmanager(), token="0" * 32)
    assert wrong.status_code == 401
    assert "error" in wrong.json()


def test_ingest_checks_token_of_another_kind_is_refused(make_integration, post):
    events = make_integration("events")
    assert post("alertmanager", alertmanager(), token=events.token).status_code == 401


def test_ingest_checks_switched_off_integration(make_integration, post):
    off = make_integration("alertmanager", is_active=False)
    assert post("alertmanager", alertmanager(), token=off.token).status_code == 401


def test_ingest_checks_content_type_before_schema(am, post):
    response = post("alertmanager", None, raw="not json", token=am.token, content_type="text/plain")
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("not json", "$"),
        ([], "$"),
        ({"version": "3", "alerts": []}, "$.version"),
        ({"version": "4"}, "$.alerts"),
        ({"version": "4", "alerts": ["x"]}, "$.alerts[0]"),
        ({"version": "4", "alerts": [{"status": "burning"}]}, "$.alerts[0].status"),
        (
            {"version": "4", "alerts": [{"status": "firing", "labels": {"a": 1}}]},
            "$.alerts[0].labels.a",
        ),
        ({"version": "4", "alerts": [{"status": "firing"}]}, "$.alerts[0].fingerprint"),
        (
            {"alerts": [{**am_alert(), "startsAt": "yesterday"}]},
            "$.alerts[0].startsAt",
        ),
    ],
)
def test_ingest_checks_schema_names_the_field(am, post, body, field):
    raw = body if isinstance(body, str) else json.dumps(body)
    response = post("alertmanager", None, raw=raw, token=am.token)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["error"]
    assert Incident.objects.count() == 0


def test_ingest_checks_success_is_202_with_incidents(am, post):
    response = post("alertmanager", alertmanager(), token=am.token)
    assert response.status_code == 202
    [row] = response.json()["incidents"]
    incident = Incident.objects.get()
    assert row == {
        "id": incident.pk,
        "url": f"/incidents/{incident.pk}/",
        "dedup_key": "c0ffee0123456789",
        "action": "created",
    }


def test_ingest_checks_get_is_refused(am, client):
    assert client.get("/api/v1/alerts/alertmanager").status_code == 405


@pytest.mark.skipif(not settings.REDIS_URL, reason="the rate limit lives in Redis")
def test_ingest_checks_rate_limit_answers_503_with_retry_after(make_integration, post):
    limited = make_integration("alertmanager", rate_limit_per_minute=2)
    for _ in range(2):
        assert post("alertmanager", alertmanager(), token=limited.token).status_code == 202
    response = post("alertmanager", alertmanager(), token=limited.token)
    assert response.status_code == 503  # Alertmanager retries only 5xx
    assert 1 <= int(response["Retry-After"]) <= 60


def test_ingest_checks_rate_limit_lets_traffic_through_without_redis(am, post, settings, caplog):
    from alerts import ratelimit

    settings.ALERTS_RATE_LIMIT_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    ratelimit._last_warning = 0.0
    am.rate_limit_per_minute = 1
    am.save()
    with caplog.at_level(logging.WARNING, logger="alerts.ratelimit"):
        for _ in range(3):
            assert post("alertmanager", alertmanager(), token=am.token).status_code == 202
    assert "Redis unavailable" in caplog.text


def test_ingest_checks_csrf_does_not_apply_to_token_endpoints(am):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/api/v1/alerts/alertmanager",
        data=json.dumps(alertmanager()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {am.token}"},
    )
    assert response.status_code == 202
    # ...and still applies to the integration pages.
    assert strict.post("/integrations/", {"name": "x", "kind": "events"}).status_code in (302, 403)


def test_ingest_tokens_absent_from_logs(make_integration, post, caplog):
    am = make_integration("alertmanager")
    with caplog.at_level(logging.DEBUG):
        post("alertmanager", alertmanager(), token=am.token)
        post("alertmanager", alertmanager(), token=am.token[:-1] + "x")
        post("alertmanager", None, raw="{", token=am.token)
        post("events", event(routing_key=am.token))
    assert am.token not in caplog.text
    assert am.token[:-1] not in caplog.text
    from alerts.models import Integration

    assert Integration.objects.filter(token_hash__contains=am.token).count() == 0


@pytest.fixture
def signed(make_integration):
    return make_integration("grafana", hmac_secret="s3cret-shared-with-grafana")


def _signed_post(post, integration, body, *, timestamp=None, secret=None):
    raw = json.dumps(body)
    ts = timestamp or str(int(time.time()))
    signature = sign(secret or integration.hmac_secret, ts, raw.encode())
    headers = {"X-Grafana-Alerting-Signature": signature, "X-Grafana-Alerting-Timestamp": ts}
    return post("grafana", None, raw=raw, token=integration.token, headers=headers)


def test_ingest_hmac_valid(signed, post):
    assert _signed_post(post, signed, grafana()).status_code == 202


def test_ingest_hmac_invalid(signed, post):
    assert _signed_post(post, signed, grafana(), secret="guess").status_code == 401
    assert post("grafana", grafana(), token=signed.token).status_code == 401  # unsigned


def test_ingest_hmac_stale(signed, post):
    stale = str(int(time.time()) - 6 * 60)
    response = _signed_post(post, signed, grafana(), timestamp=stale)
    assert response.status_code == 401
    assert "window" in response.json()["error"]


def test_ingest_hmac_header_names_are_configurable(make_integration, post):
    custom = make_integration(
        "grafana",
        hmac_secret="k",
        hmac_signature_header="X-Sig",
        hmac_timestamp_header="X-Ts",
    )
    raw = json.dumps(grafana())
    ts = str(int(time.time()))
    headers = {"X-Sig": sign("k", ts, raw.encode()), "X-Ts": ts}
    response = post("grafana", None, raw=raw, token=custom.token, headers=headers)
    assert response.status_code == 202


def test_ingest_checks_no_severity_policy_is_503_not_500(am, post):
    from incidents.models import SeverityPolicy

    SeverityPolicy.objects.all().delete()
    response = post("alertmanager", alertmanager(), token=am.token)
    assert response.status_code == 503 and response["Retry-After"]
    assert Incident.objects.count() == 0
