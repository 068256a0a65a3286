"""page_person: the playbook's channel order, retries with backoff, fallbacks."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.services import notification_deliver, page_person

from .conftest import kinds


def deliver_due(travel, *, rounds: int = 10) -> None:
    """Act as the worker: send every queued row, moving the clock to each retry time."""
    for _ in range(rounds):
        row = (
            Notification.objects.filter(status=NotificationStatus.QUEUED)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return
        if row.next_attempt_at and row.next_attempt_at > timezone.now():
            travel.move_to(row.next_attempt_at + timedelta(seconds=1), tick=True)
        notification_deliver(row.pk)
    raise AssertionError("outbox did not drain")


def test_slack_first_with_mention_then_delivered(providers, incident, responder):
    rows = page_person(
        incident=incident,
        user=responder,
        reason="escalation_engineer",
        key=f"inc{incident.pk}:escalation_engineer",
    )

    assert [(r.channel, r.address, r.status) for r in rows] == [("slack", "@ana", "queued")]
    assert notification_deliver(rows[0].pk) == "delivered"

    [request] = providers.received("/slack")
    assert request["json"]["text"].startswith("@ana *[P1] INC-")
    text = request["json"]["text"]
    assert "Escalation Engineer" in text or "Engenheiro" in text
    assert f"/incidents/{incident.pk}/" in request["json"]["text"]
    rows[0].refresh_from_db()
    assert rows[0].status == "delivered" and rows[0].attempts == 1 and rows[0].delivered_at
    assert kinds(incident) == ["page_delivered"]


def test_slack_500_then_200_is_delivered_once_on_retry(
    providers, incident, responder, time_machine
):
    providers.answer("/slack", 500, 200)
    [row] = page_person(incident=incident, user=responder, reason="sla_breached", key="k1")
    time_machine.move_to(timezone.now(), tick=True)

    assert notification_deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1 and row.last_error.startswith("HTTP 500")
    assert timedelta(seconds=9) < row.next_attempt_at - timezone.now() <= timedelta(seconds=10)
    # Not due yet: a duplicate or early task sends nothing.
    assert notification_deliver(row.pk) == "skipped"
    assert len(providers.received("/slack")) == 1

    time_machine.move_to(row.next_attempt_at + timedelta(seconds=1), tick=True)
    assert notification_deliver(row.pk) == "delivered"

    assert len(providers.received("/slack")) == 2
    row.refresh_from_db()
    assert row.status == "delivered" and row.attempts == 2
    assert list(row.delivery_attempts.values_list("outcome", "http_status")) == [
        ("failed", 500),
        ("delivered", 200),
    ]
    assert kinds(incident) == ["page_failed", "page_delivered"]
    failed = incident.timeline.get(kind="page_failed")
    assert failed.data["error"].startswith("HTTP 500") and failed.data["retry_at"]
    assert Notification.objects.count() == 1  # no fallback: Slack made it


def test_backoff_grows_and_is_capped(settings):
    from notifications.delivery import retry_delay

    settings.NOTIFICATION_RETRY_BASE_SECONDS = 10
    settings.NOTIFICATION_RETRY_FACTOR = 3
    settings.NOTIFICATION_RETRY_CAP_SECONDS = 300
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [10, 30, 90, 270, 300]


def test_slack_fails_then_email_and_sms_then_voice(providers, incident, responder, time_machine):
    responder.email = ""  # no email address: that message fails at once
    responder.save()
    providers.answer("/slack", 500, 502, 503)
    providers.answer("/sms", 500, 500, 500)
    time_machine.move_to(timezone.now(), tick=True)
    page_person(incident=incident, user=responder, reason="incident_commander", key="k2")

    deliver_due(time_machine)

    assert len(providers.received("/slack")) == 3
    assert len(providers.received("/sms")) == 3
    [call] = providers.received("/voice")
    assert call["json"]["to"] == "+55 11 90000-0000"
    assert call["json"]["reference"].startswith("k2:s2")
    assert "INC-" in call["json"]["message"]
    assert call["authorization"] == "Bearer voice-secret-token"
    assert providers.received("/sms")[0]["authorization"] == "Bearer sms-secret-token"
    rows = list(Notification.objects.order_by("stage", "id").values_list("channel", "status"))
    assert rows == [
        ("slack", "superseded"),
        ("email", "superseded"),
        ("sms", "superseded"),
        ("voice", "delivered"),
    ]
    assert kinds(incident) == (
        ["page_failed"] * 3
        + ["page_fallback", "page_failed"]  # email has no address: failed at once
        + ["page_failed"] * 3
        + ["page_fallback", "page_delivered"]
    )


def test_email_delivered_means_no_voice_call_even_if_sms_fails(
    providers, incident, responder, time_machine
):
    settings_fail = providers
    settings_fail.answer("/slack", 400)  # a permanent error: no retries
    providers.answer("/sms", 500, 500, 500)
    time_machine.move_to(timezone.now(), tick=True)
    page_person(incident=incident, user=responder, reason="escalation_engineer", key="k3")

    deliver_due(time_machine)

    assert len(providers.received("/slack")) == 1
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert "INC-" in mail.outbox[0].subject
    assert providers.received("/voice") == []
    statuses = dict(Notification.objects.values_list("channel", "status"))
    assert statuses == {"slack": "superseded", "email": "delivered", "sms": "failed"}


def test_person_without_slack_handle_goes_straight_to_email_and_sms(providers, incident, responder):
    responder.profile.slack_handle = ""
    responder.profile.save()

    rows = page_person(incident=incident, user=responder, reason="sla_breached", key="k4")

    assert [(r.channel, r.status) for r in rows] == [
        ("slack", "superseded"),
        ("email", "queued"),
        ("sms", "queued"),
    ]
    assert kinds(incident) == ["page_failed", "page_fallback"]
    assert incident.timeline.get(kind="page_failed").data["error"] == "no Slack handle"
    assert providers.requests == []


def test_unconfigured_provider_counts_as_failed_at_once(providers, settings, incident, responder):
    settings.SLACK_WEBHOOK_URL = ""
    [row] = page_person(incident=incident, user=responder, reason="sla_breached", key="k5")

    assert notification_deliver(row.pk) == "failed"

    row.refresh_from_db()
    assert row.status == "superseded" and row.attempts == 1
    assert "SLACK_WEBHOOK_URL" in row.last_error
    assert sorted(Notification.objects.filter(stage=1).values_list("channel", flat=True)) == [
        "email",
        "sms",
    ]


def test_page_person_is_idempotent_on_key(providers, incident, responder):
    first = page_person(incident=incident, user=responder, reason="sla_breached", key="same")
    second = page_person(incident=incident, user=responder, reason="sla_breached", key="same")

    assert [r.pk for r in first] == [r.pk for r in second]
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("status", [NotificationStatus.DELIVERED, NotificationStatus.SENDING])
def test_a_row_not_queued_is_never_sent(providers, incident, responder, status):
    [row] = page_person(incident=incident, user=responder, reason="sla_breached", key="k6")
    Notification.objects.filter(pk=row.pk).update(status=status)

    assert notification_deliver(row.pk) == "skipped"
    assert providers.requests == []


def test_unknown_id_is_skipped(db):
    assert notification_deliver(987654) == "skipped"
