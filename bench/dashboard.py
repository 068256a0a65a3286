"""Dashboard render time with 10,000 incidents (1,000 open, each with a timeline).

Uses the database named by DATABASE_URL (migrates it, replaces its incidents).
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard python bench/dashboard.py
Last line: dashboard_ms_p50=… dashboard_ms_p95=… queries=…
"""

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import analyze, ensure_database, migrate_defaults, time_page  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from incidents.deadlines import planned_deadlines  # noqa: E402
from incidents.models import Deadline, Incident, SeverityPolicy, TimelineEvent  # noqa: E402

TOTAL, OPEN, RENDERS = 10_000, 1_000, 200


def fill() -> None:
    migrate_defaults()
    TimelineEvent.objects.all()._raw_delete(
        TimelineEvent.objects.db
    )  # append-only guard bypassed for setup
    Deadline.objects.all().delete()
    Incident.objects.all().delete()
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench", defaults={"first_name": "Bench"})
    user.groups.add(Group.objects.get(name="Responder"))
    policies = {p.severity: p for p in SeverityPolicy.objects.all()}
    now = timezone.now()
    incidents = []
    for i in range(TOTAL):
        policy = policies[f"P{i % 4}"]
        is_open = i < OPEN
        opened = now - timedelta(minutes=i % 300)
        incidents.append(
            Incident(
                title=f"Bench incident {i}",
                severity=policy.severity,
                status=("triggered" if i % 2 else "acknowledged") if is_open else "closed",
                acknowledge_minutes=policy.acknowledge_minutes,
                engineer_after_minutes=policy.engineer_minutes,
                commander_after_minutes=policy.commander_minutes,
                backlog_instead_of_engineer=policy.backlog_instead_of_engineer,
                commander_at_open=policy.commander_at_open,
                opened_at=opened,
                opened_by=user,
                acknowledged_by=None if i % 2 and is_open else user,
                acknowledged_at=None if i % 2 and is_open else opened,
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=2000)
    events, deadlines = [], []
    for incident in Incident.objects.all():
        for n, kind in enumerate(("declared", "acknowledged", "note_added", "resolved")):
            events.append(
                TimelineEvent(
                    incident=incident,
                    kind=kind,
                    actor=user,
                    created_at=incident.opened_at + timedelta(minutes=n),
                    data={"text": "bench"},
                )
            )
        for plan in planned_deadlines(incident):
            deadlines.append(
                Deadline(
                    incident=incident,
                    kind=plan.kind,
                    due_at=plan.due_at,
                    scheduled=True,
                    stops_on=plan.stops_on,
                    data=plan.data,
                    cancelled_at=None if incident.is_open else now,
                )
            )
    TimelineEvent.objects.bulk_create(events, batch_size=5000)
    Deadline.objects.bulk_create(deadlines, batch_size=5000)
    analyze()


def measure() -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    p50, p95, queries = time_page(client, "/", RENDERS)
    total, open_count = Incident.objects.count(), Incident.objects.open().count()
    print(f"backend={connection.vendor} incidents={total} open={open_count} renders={RENDERS}")
    print(f"dashboard_ms_p50={p50:.1f} dashboard_ms_p95={p95:.1f} queries={queries}")


if __name__ == "__main__":
    fill()
    measure()
