"""The paging loop on the real stack: celery worker + beat, Redis, PostgreSQL.

60 P1 incidents declared through incident_declare over 20 s, SLA minutes scaled to 0.25 s;
the First Responder's rules: Slack at once, SMS after 20 (5 s), a call after 40 (10 s).
Half are acknowledged 7 s after their declare (after the SMS, before the call). Local HTTP
servers stand in for Slack, SMS and voice.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_paging \\
    REDIS_URL=redis://127.0.0.1:6379/5 python bench/paging_loop.py
Uses (and empties) the database in DATABASE_URL and FLUSHDBs the broker's Redis database.
Last line: first_page_p99_s=… louder_late_p99_s=… sent_after_ack=…
  first_page: declare -> the First Responder's page delivered (sweep every 1 s);
  louder_late: a louder step claimed by the sweep - its due time;
  sent_after_ack: messages sent after their incident's acknowledgement (must be 0).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ensure_database, reset, setup_people  # noqa: E402
from _stack import start_celery, start_quiet_provider  # noqa: E402

INCIDENTS = 60
SPREAD_S = 20.0
ACK_AFTER_S = 7.0
MINUTE_S = 0.25
SWEEP_S = 1
RULES = {"slack": 0, "sms": 20, "voice": 40}


def _skip_unless_real_stack() -> None:
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
    if not broker.startswith("redis") or not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        print("paging_loop needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): skipped")
        print("first_page_p99_s=nan louder_late_p99_s=nan sent_after_ack=nan skipped=1")
        sys.exit(0)


_skip_unless_real_stack()
os.environ["SLA_MINUTE_SECONDS"] = str(MINUTE_S)  # this process plans the deadlines
ensure_database()

import django  # noqa: E402

django.setup()

from django.db.models import F  # noqa: E402

from escalation.models import EscalationRecord, SweepHeartbeat  # noqa: E402
from incidents.models import Incident, Profile  # noqa: E402
from incidents.services import incident_acknowledge, incident_declare  # noqa: E402
from notifications.models import DeliveryAttempt, Notification, NotificationRule  # noqa: E402
from notifications.reasons import stops_on  # noqa: E402


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)] if ordered else float("nan")


def main() -> None:
    import redis

    people = setup_people()
    reset()
    responder = people["first_responder"]
    Profile.objects.filter(user=responder).update(phone="+5511990000000")
    NotificationRule.objects.filter(user=responder).delete()
    NotificationRule.objects.bulk_create(
        NotificationRule(user=responder, severity="P1", channel=c, after_minutes=m)
        for c, m in RULES.items()
    )
    commander = people["incident_commander"]
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ["REDIS_URL"]
    redis.Redis.from_url(broker).flushdb()
    server, base = start_quiet_provider()
    tmp = Path("/tmp") / f"paging-loop-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "ESCALATION_SWEEP_SECONDS": str(SWEEP_S),
        "SLA_MINUTE_SECONDS": str(MINUTE_S),
        "SLACK_WEBHOOK_URL": f"{base}/slack",
        "SMS_PROVIDER_URL": f"{base}/sms",
        "VOICE_PROVIDER_URL": f"{base}/voice",
        "SMS_PROVIDER_TOKEN": "bench",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    procs = []
    acked: list[int] = []
    try:
        # As README advises for production: the sweep has a worker of its own.
        quiet = ["--without-gossip", "--without-mingle"]
        sweeper = ["worker", "-Q", "sweep", "-c", "1", "-n", f"bench-sweep-{os.getpid()}@%h"]
        procs.append(start_celery([*sweeper, *quiet], env, tmp / "sweep-worker.log"))
        sender = ["worker", "-Q", "notifications,default", "-c", "4"]
        sender += ["-n", f"bench-send-{os.getpid()}@%h"]
        procs.append(start_celery([*sender, *quiet], env, tmp / "worker.log"))
        beat = ["beat", "-s", str(tmp / "beat-schedule")]
        procs.append(start_celery(beat, env, tmp / "beat.log"))
        waited = time.monotonic()
        while not SweepHeartbeat.objects.exists() and time.monotonic() - waited < 60:
            time.sleep(0.5)
        started = time.monotonic()
        due_acks: list[tuple[float, Incident]] = []
        declared = 0
        while declared < INCIDENTS or due_acks:
            now = time.monotonic() - started
            if declared < INCIDENTS and now >= declared * SPREAD_S / INCIDENTS:
                incident = incident_declare(
                    title=f"Paging bench {declared}", severity="P1", by=commander
                )
                if declared % 2 == 0:
                    due_acks.append((now + ACK_AFTER_S, incident))
                declared += 1
            while due_acks and due_acks[0][0] <= now:
                _at, incident = due_acks.pop(0)
                incident_acknowledge(incident=incident, by=responder)
                acked.append(incident.pk)
            assert all(p.poll() is None for p in procs), f"a process died; logs in {tmp}"
            time.sleep(0.02)
        time.sleep(12)  # the last calls fall due, then a few more sweeps
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        server.shutdown()

    first = Notification.objects.filter(reason="declared", root__isnull=True).select_related(
        "incident"
    )
    first_page = [
        (n.delivered_at - n.incident.opened_at).total_seconds() if n.delivered_at else 1e9
        for n in first
    ]
    missing_first = INCIDENTS - len(first_page)
    first_page += [1e9] * missing_first
    louder = EscalationRecord.objects.filter(level__startswith="louder:")
    louder_late = [(r.fired_at - r.due_at).total_seconds() for r in louder]
    sent = DeliveryAttempt.objects.filter(
        outcome="delivered",
        notification__incident_id__in=acked,
        at__gt=F("notification__incident__acknowledged_at"),
    ).select_related("notification")
    after_ack = [a for a in sent if stops_on(a.notification.reason) == "acknowledge"]
    calls = Notification.objects.filter(channel="voice", status="delivered")
    print(
        f"incidents={INCIDENTS} over {SPREAD_S:.0f} s ({len(acked)} acknowledged after "
        f"{ACK_AFTER_S:.0f} s), sweep every {SWEEP_S} s, SLA minute {MINUTE_S} s; "
        f"first pages={len(first)}, louder steps fired={len(louder_late)}, calls delivered="
        f"{calls.count()} (to acknowledged incidents: "
        f"{calls.filter(incident_id__in=acked).count()}); logs in {tmp}"
    )
    first_page.sort()
    print(
        f"first page p50 {first_page[len(first_page) // 2]:.2f} s, max {first_page[-1]:.2f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"first_page_p99_s={p99(first_page):.2f} louder_late_p99_s={p99(louder_late):.2f} "
        f"sent_after_ack={len(after_ack)}"
    )


if __name__ == "__main__":
    main()
