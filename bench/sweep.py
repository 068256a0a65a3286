"""How long one escalation sweep takes, and how fast it catches up with a backlog.

Uses the database named by DATABASE_URL: it migrates it and REPLACES its incidents, so give
it a database of its own, e.g.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sweep python bench/sweep.py
(the script creates that PostgreSQL database when it does not exist).

Measured with the real handlers (timeline, paging through the outbox, role assignment).
Last line:
sweep_ms_nothing_due_1k=… sweep_ms_nothing_due_100k=… flat_ratio=… sweep_ms_1000_due=… catchup_per_s=…
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Paging queues a delivery task on commit; keep the bench off any real broker.
os.environ.setdefault("CELERY_BROKER_URL", "memory://")


def _ensure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


_ensure_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from escalation.models import EscalationRecord, OnCallShift  # noqa: E402
from escalation.sweep import sweep_due_deadlines  # noqa: E402
from incidents.bootstrap import load_roles, load_severity_policies, sync_groups  # noqa: E402
from incidents.models import Deadline, Incident, Role, SeverityPolicy, TimelineEvent  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
DUE = 1_000
BACKLOG = 20_000
RUNS = 50


def _raw_delete(model) -> None:  # type: ignore[no-untyped-def]
    model.objects.all()._raw_delete(model.objects.db)


def reset() -> None:
    from django.apps import apps

    if apps.is_installed("notifications"):
        for model in reversed(list(apps.get_app_config("notifications").get_models())):
            _raw_delete(model)
    for model in (EscalationRecord, TimelineEvent, Deadline):
        _raw_delete(model)
    for model in apps.get_app_config("incidents").get_models():
        if model.__name__ == "IncidentRoleAssignment":
            _raw_delete(model)
    _raw_delete(Incident)


def setup_people() -> None:
    call_command("migrate", verbosity=0)
    load_severity_policies()
    load_roles()
    sync_groups()
    User = get_user_model()
    from incidents.models import Profile

    for key in ("first_responder", "escalation_engineer", "incident_commander"):
        user, _ = User.objects.get_or_create(
            username=f"bench-{key}", defaults={"first_name": key, "email": f"{key}@example.com"}
        )
        Profile.objects.get_or_create(user=user, defaults={"slack_handle": f"@{key}"})
        role = Role.objects.get(key=key)
        if not OnCallShift.objects.current().filter(role=role).exists():
            OnCallShift.objects.create(role=role, user=user, starts_at=timezone.now() - timedelta(days=1))


def add_open_incidents(count: int, *, opened_minutes_ago: float = 0) -> None:
    """`count` open P1 incidents with their three clocks, bulk-created."""
    policy = SeverityPolicy.objects.get(severity="P1")
    opened = timezone.now() - timedelta(minutes=opened_minutes_ago)
    first = Incident.objects.order_by("-id").values_list("id", flat=True).first() or 0
    Incident.objects.bulk_create(
        [
            Incident(
                title=f"Bench incident {n}",
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
    ids = Incident.objects.filter(id__gt=first).values_list("id", flat=True)
    clocks = (("acknowledge", 60, "acknowledge"), ("escalation_engineer", 120, "resolve"),
              ("incident_commander", 240, "resolve"))  # fmt: skip
    Deadline.objects.bulk_create(
        [
            Deadline(incident_id=pk, kind=kind, due_at=opened + timedelta(minutes=m),
                     stops_on=stops, scheduled=True)  # fmt: skip
            for pk in ids
            for kind, m, stops in clocks
        ],
        batch_size=10000,
    )
    analyze()


def analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def make_due(count: int) -> None:
    """Move `count` acknowledge clocks into the past: that many SLA breaches to fire."""
    ids = list(
        Deadline.objects.pending().filter(kind="acknowledge").values_list("id", flat=True)[:count]
    )
    Deadline.objects.filter(id__in=ids).update(due_at=timezone.now() - timedelta(seconds=1))


def time_nothing_due() -> float:
    assert sweep_due_deadlines() == 0
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        sweep_due_deadlines()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    setup_people()
    reset()
    figures: dict[str, float] = {}
    total = 0
    for size in SIZES:
        add_open_incidents(size - total)
        total = size
        figures[size] = time_nothing_due()
        print(f"open={size} nothing due: sweep {figures[size]:.2f} ms (median of {RUNS})")

    make_due(DUE)
    start = time.perf_counter()
    fired = sweep_due_deadlines()
    due_ms = (time.perf_counter() - start) * 1000
    print(f"open={total} due={DUE}: fired {fired} in {due_ms:.1f} ms")
    assert fired == DUE, fired

    reset()
    add_open_incidents(BACKLOG, opened_minutes_ago=300)  # every clock long past: 3 x BACKLOG
    backlog = Deadline.objects.pending().filter(due_at__lte=timezone.now()).count()
    start = time.perf_counter()
    caught_up = 0
    while True:
        fired = sweep_due_deadlines(budget_s=5)
        caught_up += fired
        if not fired:
            break
    elapsed = time.perf_counter() - start
    rate = caught_up / elapsed
    records = EscalationRecord.objects.count()
    print(
        f"backlog={backlog} deadlines (breach, engineer, commander on {BACKLOG} incidents): "
        f"fired {caught_up} in {elapsed:.1f} s = {rate:.0f}/s; records={records}"
    )
    assert caught_up == backlog == records
    ratio = figures[SIZES[-1]] / figures[SIZES[0]]
    print(f"backend={connection.vendor}")
    print(
        f"sweep_ms_nothing_due_1k={figures[1_000]:.2f} sweep_ms_nothing_due_10k={figures[10_000]:.2f} "
        f"sweep_ms_nothing_due_100k={figures[100_000]:.2f} flat_ratio={ratio:.2f} "
        f"sweep_ms_1000_due={due_ms:.1f} catchup_per_s={rate:.0f}"
    )


if __name__ == "__main__":
    main()
