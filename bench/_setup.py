"""Shared by the benchmarks: a database of their own, people on call, bulk data, timings."""

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

BASE = Path(__file__).resolve().parent.parent  # the project
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def ensure_database() -> None:
    """Create the PostgreSQL database named in DATABASE_URL when it does not exist."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def migrate_defaults() -> None:
    """Migrate, then load the default severity policies, roles and groups."""
    from django.core.management import call_command

    from incidents.bootstrap import load_roles, load_severity_policies, sync_groups

    call_command("migrate", verbosity=0)
    load_severity_policies()
    load_roles()
    sync_groups()


def setup_people() -> dict:
    """Migrate, load the defaults and put one person on call for each escalation role."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from escalation.models import OnCallShift
    from incidents.models import Profile, Role

    migrate_defaults()
    people = {}
    for key in ("first_responder", "escalation_engineer", "incident_commander"):
        user, _ = get_user_model().objects.get_or_create(
            username=f"bench-{key}", defaults={"first_name": key, "email": f"{key}@example.com"}
        )
        Profile.objects.get_or_create(user=user, defaults={"slack_handle": f"@{key}"})
        role = Role.objects.get(key=key)
        if not OnCallShift.objects.current().filter(role=role).exists():
            start = timezone.now() - timedelta(days=1)
            OnCallShift.objects.create(role=role, user=user, starts_at=start)
        people[key] = user
    return people


def _raw_delete(model) -> None:  # type: ignore[no-untyped-def]
    model.objects.all()._raw_delete(model.objects.db)


def reset() -> None:
    """Remove every incident and what hangs off it (bench databases only)."""
    from django.apps import apps

    from escalation.models import EscalationRecord, SweepHeartbeat
    from incidents.models import Deadline, Incident, IncidentRoleAssignment, TimelineEvent

    for model in (apps.get_model("alerts", "Alert"), apps.get_model("alerts", "AlertGroup")):
        _raw_delete(model)
    if apps.is_installed("notifications"):
        for model in reversed(list(apps.get_app_config("notifications").get_models())):
            _raw_delete(model)
    for model in (EscalationRecord, SweepHeartbeat, TimelineEvent, Deadline):
        _raw_delete(model)
    _raw_delete(IncidentRoleAssignment)
    _raw_delete(Incident)


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def add_p1_incidents(count: int, *, opened: datetime, title: str = "Bench incident") -> list[int]:
    """`count` open P1 incidents opened at `opened`, bulk-created; their ids, in order."""
    from incidents.models import Incident, SeverityPolicy

    policy = SeverityPolicy.objects.get(severity="P1")
    created = Incident.objects.bulk_create(
        [
            Incident(
                title=f"{title} {n}",
                severity="P1",
                acknowledge_minutes=policy.acknowledge_minutes,
                engineer_after_minutes=policy.engineer_minutes,
                commander_after_minutes=policy.commander_minutes,
                opened_at=opened,
            )
            for n in range(count)
        ],
        batch_size=5000,
    )
    return [incident.pk for incident in created]


def add_open_incidents(count: int, *, opened_minutes_ago: float = 0) -> None:
    """`count` open P1 incidents with their three clocks, bulk-created."""
    from datetime import timedelta

    from django.utils import timezone

    from incidents.models import Deadline

    opened = timezone.now() - timedelta(minutes=opened_minutes_ago)
    ids = add_p1_incidents(count, opened=opened)
    clocks = (("acknowledge", 60, "acknowledge"), ("escalation_engineer", 120, "resolve"),
              ("incident_commander", 240, "resolve"))  # fmt: skip
    Deadline.objects.bulk_create(
        [
            Deadline(
                incident_id=pk,
                kind=kind,
                due_at=opened + timedelta(minutes=m),
                stops_on=stops,
                scheduled=True,
            )  # fmt: skip
            for pk in ids
            for kind, m, stops in clocks
        ],
        batch_size=10000,
    )
    analyze()


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """The median time of `runs` calls of `fn`, in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def time_page(client: "Client", url: str, renders: int) -> tuple[float, float, int]:
    """GET `url` 10 times to warm up, then `renders` times: (p50 ms, p95 ms, queries per GET)."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    for _ in range(10):
        client.get(url)
    timings = []
    for _ in range(renders):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return statistics.median(timings), p95, len(ctx.captured_queries)
