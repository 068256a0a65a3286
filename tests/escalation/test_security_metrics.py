"""GET /metrics: Prometheus text, behind a token or a network list."""

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from escalation.heartbeat import heartbeat_record
from escalation.models import EscalationRecord
from notifications.services import notification_deliver, page_person
from tests.security.world import build_world


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


@pytest.mark.django_db
def test_security_metrics_report_what_operators_need(settings):
    settings.SLACK_WEBHOOK_URL = ""  # the Slack try fails at once (not configured)
    settings.PAGING_CHANNEL_STAGES = [["slack"]]
    world = build_world()
    for role in ("responder", "manager"):
        world.users[role].profile.slack_handle = f"@{role}"
        world.users[role].profile.save()
    now = timezone.now()
    EscalationRecord.objects.create(
        incident=world.incident, level="escalation_engineer", due_at=now, fired_at=now
    )
    [root] = page_person(
        incident=world.incident, user=world.users["responder"], reason="declared", key="sec-m"
    )
    assert notification_deliver(root.pk) == "failed"
    page_person(
        incident=world.incident, user=world.users["manager"], reason="declared", key="sec-m2"
    )  # still queued: the backlog
    heartbeat_record(duration_ms=1500, fired=1, at=now)

    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = _samples(response.content.decode())
    assert samples[("incidents_open", (("severity", "P0"),))] == 1
    assert samples[("incidents_open", (("severity", "P1"),))] == 1
    assert samples[("incidents_open", (("severity", "P3"),))] == 0
    assert samples[("incidents_escalations_fired_total", (("level", "escalation_engineer"),))] == 1
    assert samples[("incidents_notification_attempts_total", (("channel", "slack"),))] == 1
    assert samples[("incidents_notification_failures_total", (("channel", "slack"),))] == 1
    assert samples[("incidents_outbox_backlog", ())] == 1
    assert samples[("incidents_sweep_last_duration_seconds", ())] == 1.5
    assert 0 <= samples[("incidents_sweep_last_run_age_seconds", ())] < 60


@pytest.mark.django_db
def test_security_metrics_need_the_token_outside_the_allowed_networks(settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    client = Client()
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert ok.status_code == 200 and b"incidents_open" in ok.content
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
