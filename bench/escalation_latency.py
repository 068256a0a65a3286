"""How late escalations fire on the real stack: celery worker + beat, Redis, PostgreSQL.

500 incidents whose acknowledge deadlines fall over one minute; the sweep runs every second
with the real handlers (timeline, page through the outbox to a local Slack stand-in). For each
deadline: lateness = when the sweep claimed it - when it was due.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_latency \\
    REDIS_URL=redis://127.0.0.1:6379/5 python bench/escalation_latency.py
Uses (and empties) the database in DATABASE_URL and FLUSHDBs the broker's Redis database.
Last line: late_p50_s=… late_p99_s=… missed=… doubled=…
"""

import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import add_p1_incidents, analyze, ensure_database, reset, setup_people  # noqa: E402
from _stack import start_celery, start_quiet_provider  # noqa: E402

INCIDENTS = 500
SPREAD_S = 60.0
LEAD_S = 8.0  # time for the worker and beat to start before the first deadline
SWEEP_S = 1


def _skip_unless_real_stack() -> None:
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
    if not broker.startswith("redis") or not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        print("escalation_latency needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): skipped")
        print("late_p50_s=nan late_p99_s=nan missed=nan doubled=nan skipped=1")
        sys.exit(0)


_skip_unless_real_stack()
ensure_database()

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from escalation.models import EscalationRecord, SweepHeartbeat  # noqa: E402
from incidents.models import Deadline  # noqa: E402


def create_incidents(first_due) -> None:  # type: ignore[no-untyped-def]
    """500 P1 incidents; acknowledge deadlines spread evenly over SPREAD_S from first_due."""
    now = timezone.now()
    ids = add_p1_incidents(INCIDENTS, opened=now, title="Latency bench")
    step = SPREAD_S / INCIDENTS
    deadlines = []
    for n, pk in enumerate(ids):
        due = first_due + timedelta(seconds=n * step)
        deadlines.append(
            Deadline(
                incident_id=pk,
                kind="acknowledge",
                due_at=due,
                stops_on="acknowledge",
                scheduled=True,
            )
        )
        for kind, hours in (("escalation_engineer", 2), ("incident_commander", 4)):
            deadlines.append(
                Deadline(
                    incident_id=pk, kind=kind, due_at=now + timedelta(hours=hours), scheduled=True
                )
            )
    Deadline.objects.bulk_create(deadlines)
    analyze()


def main() -> None:
    import redis

    setup_people()
    reset()
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ["REDIS_URL"]
    redis.Redis.from_url(broker).flushdb()
    slack, slack_url = start_quiet_provider()
    tmp = Path("/tmp") / f"escalation-latency-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "ESCALATION_SWEEP_SECONDS": str(SWEEP_S),
        "SLACK_WEBHOOK_URL": f"{slack_url}/hook",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    first_due = timezone.now() + timedelta(seconds=LEAD_S)
    create_incidents(first_due)
    procs = []
    try:
        worker = ["worker", "-Q", "sweep,notifications,default", "-c", "4"]
        worker += ["-n", f"bench-{os.getpid()}@%h", "--without-gossip", "--without-mingle"]
        procs.append(start_celery(worker, env, tmp / "worker.log"))
        beat = ["beat", "-s", str(tmp / "beat-schedule")]
        procs.append(start_celery(beat, env, tmp / "beat.log"))
        end = first_due + timedelta(seconds=SPREAD_S + 15)
        while timezone.now() < end:
            fired = EscalationRecord.objects.filter(level="acknowledge").count()
            if fired >= INCIDENTS:
                break
            assert all(p.poll() is None for p in procs), f"a process died; logs in {tmp}"
            time.sleep(0.5)
        time.sleep(3)  # a few more sweeps: nothing may fire twice
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        slack.shutdown()

    records = EscalationRecord.objects.filter(level="acknowledge")
    late = sorted((r.fired_at - r.due_at).total_seconds() for r in records)
    per_incident = records.values("incident_id").annotate(n=Count("id"))
    doubled = sum(row["n"] - 1 for row in per_incident if row["n"] > 1)
    from notifications.models import Notification

    pages = (
        Notification.objects.filter(root__isnull=True).values("incident_id").annotate(n=Count("id"))
    )
    doubled += sum(row["n"] - 1 for row in pages if row["n"] > 1)
    missed = INCIDENTS - per_incident.count()
    delivered = Notification.objects.filter(status="delivered").count()
    heartbeat = SweepHeartbeat.objects.first()
    p50 = statistics.median(late) if late else float("nan")
    p99 = late[max(0, int(len(late) * 0.99) - 1)] if late else float("nan")
    print(
        f"incidents={INCIDENTS} over {SPREAD_S:.0f} s, sweep every {SWEEP_S} s; fired={len(late)} "
        f"pages delivered={delivered}; max late={max(late, default=float('nan')):.2f} s; "
        f"last sweep {heartbeat.last_duration_ms if heartbeat else float('nan'):.0f} ms; "
        f"logs in {tmp}"
    )
    print(f"late_p50_s={p50:.2f} late_p99_s={p99:.2f} missed={missed} doubled={doubled}")


if __name__ == "__main__":
    main()
