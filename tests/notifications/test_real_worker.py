"""A real `celery worker` against Redis and PostgreSQL sends each page exactly once."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from notifications.models import Notification
from notifications.services import PageRequest, page_people, page_person
from notifications.tasks import deliver_notification, deliver_notifications

from ..escalation.stack import BASE_DIR, broker_url, child_database_url, wait_for
from .conftest import kinds

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs Redis and PostgreSQL for a real worker; .ci/run provides them",
    ),
]


@pytest.fixture
def worker(providers):
    env = {
        **os.environ,
        "DATABASE_URL": child_database_url(),
        "CELERY_BROKER_URL": broker_url(),
        "SLACK_WEBHOOK_URL": django_settings.SLACK_WEBHOOK_URL,
        "NOTIFICATION_RETRY_BASE_SECONDS": "1",
        "NOTIFICATION_RETRY_FACTOR": "2",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    # Leftovers of earlier runs on this Redis database must not be mistaken for ours.
    subprocess.run(
        [*celery, "purge", "-f", "-Q", "notifications,celery"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        timeout=30,
        check=False,
    )
    log = open("/tmp/notify-real-worker.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            *celery,
            "worker",
            "-Q",
            "notifications,celery",
            "-P",
            "solo",
            "--loglevel",
            "INFO",
            "-n",
            f"notify-test-{os.getpid()}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    log.close()


def test_real_worker_retries_slack_500_then_delivers_exactly_once(
    worker, providers, declare, responder
):
    providers.answer("/slack", 500, 200)
    incident = declare(severity="P0")
    with transaction.atomic():
        [row] = page_person(
            incident=incident, user=responder, reason="sla_breached", key=f"inc{incident.pk}:real"
        )

    def delivered():
        row.refresh_from_db()
        return row.status == "delivered"

    wait_for(delivered, "the worker to deliver the page (see /tmp/notify-real-worker.log)")
    # The same message delivered again (as Redis may after a visibility timeout): nothing sent.
    deliver_notification.delay(row.pk)
    time.sleep(3)

    assert worker.poll() is None, "the worker died"
    assert len(providers.received("/slack")) == 2  # the 500, then the 200
    assert "@ana" in providers.received("/slack")[1]["json"]["text"]
    row.refresh_from_db()
    assert row.attempts == 2 and Notification.objects.count() == 1
    assert kinds(incident) == ["page_failed", "page_delivered"]


def test_real_worker_sends_a_batch_of_pages_from_one_message_once_each(
    worker, providers, declare, responder, responder2, commander
):
    incident = declare(severity="P1")
    people = (responder, responder2, commander)
    with transaction.atomic():  # on commit: ONE deliver_notifications message for the three
        roots = page_people(
            [
                PageRequest(incident, u, "sla_breached", f"inc{incident.pk}:batch:{u.pk}")
                for u in people
            ]
        )
    ids = [row.pk for row in roots]

    def all_delivered():
        return Notification.objects.filter(pk__in=ids, status="delivered").count() == len(ids)

    wait_for(all_delivered, "the worker to deliver the batch (see /tmp/notify-real-worker.log)")
    deliver_notifications.delay(ids)  # the same batch message again: nothing sent twice
    time.sleep(3)

    assert worker.poll() is None, "the worker died"
    texts = sorted(r["json"]["text"].split()[0] for r in providers.received("/slack"))
    assert texts == ["@ana", "@carla", "@rafa"]
    assert kinds(incident) == ["page_delivered"] * 3
