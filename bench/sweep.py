"""How long one escalation sweep takes, and how fast it catches up with a backlog.

Uses the database named by DATABASE_URL: it migrates it and REPLACES its incidents, so give
it a database of its own, e.g.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sweep python bench/sweep.py
(the script creates that PostgreSQL database when it does not exist).

Measured with the real handlers (timeline, paging through the outbox, role assignment).
Last line: sweep_ms_nothing_due_1k=… sweep_ms_nothing_due_10k=… sweep_ms_nothing_due_100k=…
flat_ratio=… sweep_ms_1000_due=… catchup_per_s=… catchup_2_sweeps_per_s=… catchup_no_paging_per_s=…
(catchup_per_s: one sweep process; catchup_2_sweeps_per_s: two at once, as two busy worker
processes would run them; the rest one process.)
"""

import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Paging queues a delivery task on commit; keep the bench off any real broker.
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

from _setup import add_open_incidents, ensure_database, median_ms, reset, setup_people  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from config.celery import load_urlconf  # noqa: E402
from escalation.models import EscalationRecord  # noqa: E402
from escalation.sweep import sweep_due_deadlines  # noqa: E402
from incidents.models import Deadline  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
DUE = 1_000
DUE_RUNS = 5
BACKLOG = 5_000  # incidents whose three clocks are all past: 15,000 deadlines
ENGINE_BACKLOG = 20_000
RUNS = 50


def make_due(count: int) -> None:
    """Move `count` acknowledge clocks into the past: that many SLA breaches to fire."""
    ids = list(
        Deadline.objects.pending().filter(kind="acknowledge").values_list("id", flat=True)[:count]
    )
    Deadline.objects.filter(id__in=ids).update(due_at=timezone.now() - timedelta(seconds=1))


def time_nothing_due() -> float:
    assert sweep_due_deadlines() == 0
    return median_ms(sweep_due_deadlines, RUNS)


def catch_up(what: str) -> float:
    backlog = Deadline.objects.pending().filter(due_at__lte=timezone.now()).count()
    start = time.perf_counter()
    caught_up = 0
    while True:
        fired = sweep_due_deadlines(budget_s=5)
        caught_up += fired
        if not fired:
            break
    elapsed = time.perf_counter() - start
    records = EscalationRecord.objects.count()
    print(f"backlog of {backlog} ({what}): fired {caught_up} in {elapsed:.1f} s "
          f"= {caught_up / elapsed:.0f}/s; records={records}")  # fmt: skip
    assert caught_up == backlog == records
    return caught_up / elapsed


SWEEPER = """
import sys
sys.path.insert(0, {bench!r})
import sweep
from config.celery import load_urlconf
from escalation.sweep import sweep_due_deadlines
load_urlconf()
print("ready", flush=True)
sys.stdin.readline()
fired = 0
while n := sweep_due_deadlines(budget_s=5):
    fired += n
print(fired, flush=True)
"""


def catch_up_concurrently(processes: int) -> float:
    """The same backlog drained by `processes` sweeps at once, as happens when beat's next
    sweep reaches a second worker process while the first is still catching up."""
    backlog = Deadline.objects.pending().filter(due_at__lte=timezone.now()).count()
    connection.close()
    code = SWEEPER.format(bench=str(Path(__file__).resolve().parent))
    sweepers = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )  # fmt: skip
        for _ in range(processes)
    ]
    for sweeper in sweepers:
        assert sweeper.stdout and sweeper.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for sweeper in sweepers:
        assert sweeper.stdin
        sweeper.stdin.write("go\n")
        sweeper.stdin.flush()
    fired = [int(sweeper.communicate()[0]) for sweeper in sweepers]
    elapsed = time.perf_counter() - start
    print(f"backlog of {backlog}, {processes} sweeps at once: fired {fired} in {elapsed:.1f} s "
          f"= {sum(fired) / elapsed:.0f}/s")  # fmt: skip
    assert sum(fired) == backlog == EscalationRecord.objects.count()
    return sum(fired) / elapsed


def main() -> None:
    setup_people()
    load_urlconf()  # as the worker does when it starts: a sweep runs in a warm process
    reset()
    figures: dict[str, float] = {}
    total = 0
    for size in SIZES:
        add_open_incidents(size - total)
        total = size
        figures[size] = time_nothing_due()
        print(f"open={size} nothing due: sweep {figures[size]:.2f} ms (median of {RUNS})")

    due_runs = []
    for _ in range(DUE_RUNS):  # each time another 1,000 incidents breach at once
        make_due(DUE)
        start = time.perf_counter()
        fired = sweep_due_deadlines()
        due_runs.append((time.perf_counter() - start) * 1000)
        assert fired == DUE, fired
    due_ms = statistics.median(due_runs)
    runs = ", ".join(f"{ms:.0f}" for ms in due_runs)
    print(f"open={total} due={DUE}: {due_ms:.1f} ms (median of {DUE_RUNS}: {runs})")

    reset()
    add_open_incidents(BACKLOG, opened_minutes_ago=300)  # every clock long past: 3 x BACKLOG
    rate = catch_up(f"breach, engineer, commander on {BACKLOG} incidents")
    reset()
    add_open_incidents(BACKLOG, opened_minutes_ago=300)
    two_sweeps_rate = catch_up_concurrently(2)
    reset()
    add_open_incidents(ENGINE_BACKLOG)
    Deadline.objects.filter(kind="acknowledge").update(
        kind="bench_no_paging", due_at=timezone.now() - timedelta(minutes=1)
    )
    engine_rate = catch_up("a kind without paging (timeline entry only)")
    ratio = figures[SIZES[-1]] / figures[SIZES[0]]
    print(f"backend={connection.vendor}")
    print(
        f"sweep_ms_nothing_due_1k={figures[1_000]:.2f} "
        f"sweep_ms_nothing_due_10k={figures[10_000]:.2f} "
        f"sweep_ms_nothing_due_100k={figures[100_000]:.2f} flat_ratio={ratio:.2f} "
        f"sweep_ms_1000_due={due_ms:.1f} catchup_per_s={rate:.0f} "
        f"catchup_2_sweeps_per_s={two_sweeps_rate:.0f} "
        f"catchup_no_paging_per_s={engine_rate:.0f}"
    )


if __name__ == "__main__":
    main()
