"""Outbox sweep cost: 100,000 sent notifications and nothing due, 1,000 lost messages due,
and the catch-up rate through 10,000 lost messages (batches of 500).

Uses the database named by DATABASE_URL (migrates it, replaces its notifications). The
re-dispatch goes to an in-memory Celery broker unless CELERY_BROKER_URL is set.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_outbox python bench/outbox.py
Last line: outbox_sweep_ms_nothing_due_100k=… outbox_sweep_ms_1000_due=… outbox_catchup_per_s=…
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

from _setup import ensure_database, median_ms, migrate_defaults  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from incidents.models import Incident, SeverityPolicy  # noqa: E402
from notifications.models import DeliveryAttempt, Notification  # noqa: E402
from notifications.outbox import sweep_outbox  # noqa: E402

SENT, WAITING, DUE, BACKLOG = 100_000, 1_000, 1_000, 10_000


def make(incident, n, prefix, **fields):
    now = timezone.now()
    rows = [
        Notification(
            incident=incident,
            channel="email",
            address="x@example.com",
            body="bench",
            reason="bench",
            key=f"{prefix}{i}",
            created_at=now,
            **fields,
        )
        for i in range(n)
    ]
    Notification.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    migrate_defaults()
    DeliveryAttempt.objects.all().delete()
    Notification.objects.all().delete()
    policy = SeverityPolicy.objects.get(severity="P1")
    incident = Incident.objects.create(
        title="Outbox bench",
        severity="P1",
        acknowledge_minutes=policy.acknowledge_minutes,
        opened_at=timezone.now(),
    )
    now = timezone.now()
    make(incident, SENT, "sent-", status="delivered", attempts=1, delivered_at=now)
    make(incident, WAITING, "wait-", status="queued", next_attempt_at=now + timedelta(hours=1))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_notification")

    nothing_due = median_ms(sweep_outbox, 50)
    assert sweep_outbox() == 0

    make(incident, DUE, "due-", status="queued", next_attempt_at=now - timedelta(minutes=5))
    start = time.perf_counter()
    handled = sweep_outbox(batch=DUE)
    due_ms = (time.perf_counter() - start) * 1000
    assert handled == DUE, handled

    make(incident, BACKLOG, "lost-", status="queued", next_attempt_at=now - timedelta(hours=1))
    start = time.perf_counter()
    total = 0
    while handled := sweep_outbox(batch=500):
        total += handled
    catchup = total / (time.perf_counter() - start)
    assert total == BACKLOG, total

    print(f"database={connection.vendor} sent={SENT} waiting={WAITING}")
    print(
        f"outbox_sweep_ms_nothing_due_100k={nothing_due:.2f} "
        f"outbox_sweep_ms_1000_due={due_ms:.1f} outbox_catchup_per_s={catchup:.0f}"
    )


if __name__ == "__main__":
    main()
