"""notification_enqueue, email, timeouts, double delivery and the outbox sweep."""

import os
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.outbox import sweep_outbox
from notifications.services import notification_deliver, notification_enqueue

from .conftest import kinds


def enqueue(incident, **overrides):
    fields = dict(
        incident=incident,
        channel="email",
        address="stakeholders@example.com",
        subject="Incident notification",
        body="We are investigating. Updates every 30 minutes.",
        reason="stakeholder_update",
        key=f"inc{incident.pk}:comm:1",
    )
    fields.update(overrides)
    return notification_enqueue(**fields)


def test_email_goes_through_django_mail_backend(incident):
    row = enqueue(incident)

    assert notification_deliver(row.pk) == "delivered"

    [message] = mail.outbox
    assert message.to == ["stakeholders@example.com"]
    assert message.subject == "Incident notification"
    assert "Updates every 30 minutes" in message.body
    assert kinds(incident) == ["page_delivered"]


def test_enqueue_is_idempotent_on_key(incident):
    first = enqueue(incident)
    second = enqueue(incident, body="something else")

    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert notification_deliver(first.pk) == "delivered"
    assert notification_deliver(first.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_slack_channel_post_without_mention(providers, incident):
    row = enqueue(incident, channel="slack", address="", subject="", body="INC-1 resolved")

    notification_deliver(row.pk)

    assert providers.received("/slack")[0]["json"] == {"text": "INC-1 resolved"}


def test_enqueue_fallbacks_are_tried_in_turn(providers, incident):
    providers.answer("/sms", 404)  # permanent: straight to the next one
    row = enqueue(
        incident,
        channel="sms",
        address="+5511999990000",
        fallbacks=[("email", "oncall@example.com")],
    )

    assert notification_deliver(row.pk) == "failed"
    fallback = Notification.objects.get(stage=1)
    assert notification_deliver(fallback.pk) == "delivered"
    assert mail.outbox[0].to == ["oncall@example.com"]
    assert kinds(incident) == ["page_failed", "page_fallback", "page_delivered"]


def test_unknown_channel_is_refused(incident):
    with pytest.raises(ValueError, match="carrier-pigeon"):
        enqueue(incident, channel="carrier-pigeon")
    assert Notification.objects.count() == 0


def test_slow_provider_is_a_timeout_attempt(providers, settings, incident):
    settings.NOTIFICATION_HTTP_READ_TIMEOUT = 0.3
    providers.answer("/sms", (200, 1.5))
    row = enqueue(incident, channel="sms", address="+5511999990000")

    assert notification_deliver(row.pk) == "failed"

    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1
    [attempt] = row.delivery_attempts.all()
    assert attempt.outcome == "failed" and "timeout" in attempt.error
    assert attempt.duration_ms < 1500
    assert "timeout" in incident.timeline.get(kind="page_failed").data["error"]


def test_refused_connection_is_a_retryable_failure(settings, incident):
    settings.SMS_PROVIDER_URL = "http://127.0.0.1:9/sms"  # discard port: nothing listens
    row = enqueue(incident, channel="sms", address="+5511999990000")

    notification_deliver(row.pk)

    row.refresh_from_db()
    assert row.status == "queued" and "connection failed" in row.last_error


def test_secrets_never_reach_the_timeline(providers, settings, incident):
    settings.SLACK_WEBHOOK_URL = f"{providers.url}/slack?token=hook-secret"
    providers.answer("/slack?token=hook-secret", 500)
    row = enqueue(incident, channel="sms", address="+55119", fallbacks=[("slack", "")])
    providers.answer("/sms", 401)

    notification_deliver(row.pk)
    notification_deliver(Notification.objects.get(stage=1).pk)

    dumped = str(list(incident.timeline.values_list("data", flat=True)))
    dumped += str(list(Notification.objects.values_list("last_error", flat=True)))
    assert "sms-secret-token" not in dumped and "hook-secret" not in dumped


def test_sweep_redispatches_a_queued_row_whose_message_was_lost(
    providers, incident, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    row = enqueue(incident)  # its on_commit dispatch never ran: the message is "lost"

    assert sweep_outbox() == 0  # still within the grace period: the worker may be busy
    time_machine.shift(timedelta(seconds=31))
    with django_capture_on_commit_callbacks() as dispatched:
        assert sweep_outbox() == 1
    assert len(dispatched) == 1
    assert sweep_outbox() == 0  # not re-dispatched again at once

    assert notification_deliver(row.pk) == "delivered"
    assert len(mail.outbox) == 1
    time_machine.shift(timedelta(minutes=5))
    assert sweep_outbox() == 0


def test_sweep_expires_a_try_whose_worker_died_mid_send(incident, time_machine, settings):
    from notifications.delivery import claim

    time_machine.move_to(timezone.now(), tick=False)
    row = enqueue(incident)
    assert claim(row.pk) == 1  # the worker claimed it, then was killed

    time_machine.shift(timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT_SECONDS - 1))
    assert sweep_outbox() == 0
    time_machine.shift(timedelta(seconds=2))
    assert sweep_outbox() == 1

    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1
    assert row.delivery_attempts.get().outcome == "lost"
    assert "worker stopped" in incident.timeline.get(kind="page_failed").data["error"]
    time_machine.move_to(row.next_attempt_at, tick=False)
    assert notification_deliver(row.pk) == "delivered"
    assert len(mail.outbox) == 1


def test_sweep_reads_in_bounded_batches(incident, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for n in range(5):
        enqueue(incident, key=f"batch-{n}")
    time_machine.shift(timedelta(minutes=1))

    assert sweep_outbox(batch=3) == 3
    assert sweep_outbox(batch=3) == 2
    assert sweep_outbox(batch=3) == 0


needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row-level concurrency needs PostgreSQL; .ci/run provides it",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_same_task_delivered_concurrently_sends_once(providers, declare, responder):
    incident = declare()
    row = Notification.objects.create(
        incident=incident,
        user=responder,
        channel="slack",
        address="@ana",
        body="page",
        reason="sla_breached",
        key="concurrent",
        created_at=timezone.now(),
        next_attempt_at=timezone.now(),
    )
    providers.answer("/slack", (200, 0.2))
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def worker():
        start.wait()
        try:
            outcomes.append(notification_deliver(row.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["delivered"] + ["skipped"] * 5
    assert len(providers.received("/slack")) == 1
    row.refresh_from_db()
    assert row.status == NotificationStatus.DELIVERED and row.attempts == 1
    assert kinds(incident) == ["page_delivered"]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_page_person_with_one_key_makes_one_chain(providers, declare, responder):
    from django.db import transaction

    from notifications.services import page_person

    incident = declare()
    start = threading.Barrier(4)
    results: list[list[int]] = []

    def caller():
        start.wait()
        try:
            with transaction.atomic():
                rows = page_person(incident=incident, user=responder, reason="x", key="race")
                results.append([r.pk for r in rows])
        finally:
            connection.close()

    threads = [threading.Thread(target=caller) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert Notification.objects.filter(key="race").count() == 1
    assert len({tuple(r) for r in results}) == 1
