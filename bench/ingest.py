"""Alert intake under load: the app under gunicorn on PostgreSQL and Redis, driven by wrk.

Phases, in one run, with CONNECTIONS connections: each warmed for WARMUP seconds, then
measured for DURATION seconds in ROUNDS slices, the phases taking turns (on a shared machine
whose speed drifts during a run, every phase then sees the same machine):
  ceiling  POST of a one-alert Alertmanager body to a trivial view on the same server
  one_write  the same body to a view that parses it and commits one INSERT: the floor of
           any durable intake through this stack (no auth, no dedup, no incident)
  ingest   POST /api/v1/alerts/alertmanager, one alert each: half new, half repeats
  batch    the same with 10 alerts per body (5 new, 5 repeats)
Each phase also reports the CPU a request cost the app and PostgreSQL (from /proc: robust
to whatever else the machine runs), against the budget a request has at the target ratio.
Then, in the same sitting, the physical floor: how many bare durable writes (one-row
INSERT + COMMIT per transaction, CONNECTIONS in parallel) this PostgreSQL takes per second,
the intake service alone in-process (ms per repeat, per new alert: declare, clocks, first
page), and the load average (the machine is shared).

Needs wrk (apt-get install wrk), DATABASE_URL (PostgreSQL, a database of its own: its
incidents are REPLACED) and REDIS_URL (rate limit and, unless CELERY_BROKER_URL says
otherwise, the broker the pages are queued on: that Redis database is FLUSHED):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ingest \\
    REDIS_URL=redis://127.0.0.1:6379/9 python bench/ingest.py
Last line: ingest_rps=… ceiling_rps=… ingest_ratio=… ingest_ms_p99=… batch_alerts_per_s=…
Targets: ingest_ratio >= 0.5, ingest_ms_p99 <= 50, batch_alerts_per_s >= 2500.
"""

import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _setup import BASE, ensure_database, reset, setup_people  # noqa: E402

WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
WARMUP = 3
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PHASES = (
    ("ceiling", "/bench/trivial", "single"),
    ("one_write", "/bench/one-write", "single"),
    ("ingest", "/api/v1/alerts/alertmanager", "single"),
    ("batch", "/api/v1/alerts/alertmanager", "batch"),
)
SEEDED = 200  # open incidents the repeats hit

LUA = r"""
local token, path, mode, run, seeded = "%(token)s", "%(path)s", "%(mode)s", "%(run)s", %(seeded)d
local counter, threads = 0, {}
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
local function alert(fp)
  return '{"status":"firing","labels":{"alertname":"BenchAlert","instance":"' .. fp ..
    '","severity":"warning"},"annotations":{"summary":"Bench alert ' .. fp ..
    '"},"startsAt":"2026-03-02T03:00:00Z","endsAt":"0001-01-01T00:00:00Z",' ..
    '"generatorURL":"http://prometheus:9090/graph","fingerprint":"' .. fp .. '"}'
end
request = function()
  counter = counter + 1
  local n = (mode == "batch") and 10 or 1
  local alerts = {}
  for i = 1, n do
    local k = counter * n + i
    if k %% 2 == 0 then alerts[i] = alert(string.format("new-%%s-%%d-%%d", run, tid, k))
    else alerts[i] = alert(string.format("seed-%%d", (k * 7919) %% seeded)) end
  end
  local body = '{"version":"4","status":"firing","receiver":"bench","groupKey":"{}:{}",' ..
    '"alerts":[' .. table.concat(alerts, ",") .. ']}'
  return wrk.format("POST", path, {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token}, body)
end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%%d duration_us=%%d bad=%%d errors=%%d p50_us=%%d p99_us=%%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare() -> str:
    """Migrate, people on call, one integration (no practical rate limit), SEEDED open
    incidents opened by alerts; the integration's token."""
    import django

    django.setup()
    from alerts.models import Integration
    from alerts.payloads import AlertIn
    from alerts.services.intake import ingest
    from alerts.services.integrations import integration_create

    setup_people()
    reset()
    Integration.objects.filter(name="bench").delete()
    integration, token = integration_create(name="bench", kind="alertmanager")
    integration.rate_limit_per_minute = 10**9
    integration.save()
    for n in range(SEEDED):
        fp = f"seed-{n}"
        ingest(
            integration=integration,
            alerts=[AlertIn(fingerprint=fp, action="firing", title=f"Bench alert {fp}")],
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # earlier runs' deleted rows would slow this one
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_write_floor (id bigserial PRIMARY KEY, "
                       "at timestamptz NOT NULL DEFAULT now(), body jsonb)")  # fmt: skip
    connection.close()
    return token


def start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ingest_settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),  # production settings refuse the dev key
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "config/gunicorn.py", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--pythonpath", f"{HERE},{BASE}", "--log-level", "warning"],
        cwd=BASE, env=env,
    )  # fmt: skip
    import httpx

    answered = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and answered < 4 * WORKERS:  # every worker booted
        try:
            ok = httpx.post(f"http://127.0.0.1:{port}/bench/trivial", content=b"{}", timeout=5)
            answered += ok.status_code == 202
        except httpx.HTTPError:
            time.sleep(0.2)
    if answered < 4 * WORKERS:
        server.kill()
        raise SystemExit("gunicorn did not start")
    return server


def _cpu_seconds(server_pid: int) -> tuple[float, float]:
    """CPU time so far (user + system) of the app (gunicorn and its workers) and of
    PostgreSQL (the bench database's backends, autovacuum and the WAL and buffer writers, and
    whatever backends that exited meanwhile spent):
    read against requests served, what each costs whatever else the machine is doing."""
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]
    shared = (f" {database}", "walwriter", "background writer", "checkpointer")
    app = db = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if int(entry) == server_pid or int(fields[1]) == server_pid:
            app += seconds
        elif name.startswith("postgres"):
            try:
                with open(f"/proc/{entry}/cmdline") as f:
                    title = f.read()
            except OSError:
                continue
            if any(part in title for part in shared):
                db += seconds
            elif not title.startswith("postgres:"):  # the postmaster: what its exited
                # children (an autovacuum worker, a closed connection) spent, or their CPU
                # would drop out of the sum when they exit
                db += (int(fields[13]) + int(fields[14])) / tick
    return app, db


def load(port: int, path: str, mode: str, token: str, seconds: int, run: str,
         server_pid: int = 0) -> dict[str, float]:  # fmt: skip
    script = LUA % {"token": token, "path": path, "mode": mode, "run": run, "seeded": SEEDED}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    app_before, db_before = _cpu_seconds(server_pid)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", f.name,
             f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(f.name)
    fields = dict(re.findall(r"(\w+)=(\d+)", out.split("RESULT", 1)[1]))
    result = {k: float(v) for k, v in fields.items()}
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    app_after, db_after = _cpu_seconds(server_pid)
    result["app_cpu_ms"] = (app_after - app_before) * 1000 / max(result["requests"], 1)
    result["db_cpu_ms"] = (db_after - db_before) * 1000 / max(result["requests"], 1)
    if result["bad"] or result["errors"]:
        print(f"  warning: {mode} {path}: {int(result['bad'])} non-2xx, "
              f"{int(result['errors'])} socket errors", flush=True)  # fmt: skip
    return result


def combined(parts: list[dict[str, float]]) -> dict[str, Any]:
    """A phase's slices as one: rates and CPU over all its requests; latencies the median
    of the slices' (each slice's p99 listed too)."""
    requests = sum(p["requests"] for p in parts)
    return {
        "requests": requests,
        "rps": requests / (sum(p["duration_us"] for p in parts) / 1e6),
        "app_cpu_ms": sum(p["app_cpu_ms"] * p["requests"] for p in parts) / max(requests, 1),
        "db_cpu_ms": sum(p["db_cpu_ms"] * p["requests"] for p in parts) / max(requests, 1),
        "p50_us": statistics.median(p["p50_us"] for p in parts),
        "p99_us": statistics.median(p["p99_us"] for p in parts),
        "p99s": "/".join(f"{p['p99_us'] / 1000:.0f}" for p in parts),
    }


def service_ms() -> tuple[float, float]:
    """The intake service alone, in this process, one at a time (no HTTP, no concurrency):
    ms per repeat and per new alert, so the HTTP figures can be read against them."""
    from django.db import connection

    from alerts.models import Integration
    from alerts.payloads import AlertIn
    from alerts.services.intake import ingest

    integration = Integration.objects.get(name="bench")

    def one(fp: str) -> list[AlertIn]:
        return [AlertIn(fingerprint=fp, action="firing", title=f"Bench alert {fp}")]

    start = time.perf_counter()
    for n in range(50):
        ingest(integration=integration, alerts=one(f"seed-{n}"))
    repeat = (time.perf_counter() - start) / 50 * 1000
    start = time.perf_counter()
    for n in range(20):
        ingest(integration=integration, alerts=one(f"service-{time.time()}-{n}"))
    new = (time.perf_counter() - start) / 20 * 1000
    connection.close()
    return repeat, new


def declaration_finish_ms(count: int = 100) -> float:
    """The part of a new alert's work the request leaves to the worker: the sweep finishing
    `count` declarations (clocks, checklist, first page), in ms per declaration."""
    from django.db import connection

    from escalation.sweep import sweep_due_deadlines
    from incidents.models import Deadline, DeadlineKind

    pending = Deadline.objects.pending().filter(kind=DeadlineKind.DECLARE)
    keep = list(pending.order_by("id").values_list("pk", flat=True)[count:])
    pending.filter(pk__in=keep).update(due_at="2100-01-01T00:00:00Z")  # only `count` due
    todo = pending.filter(due_at__lt="2100-01-01T00:00:00Z").count()
    start = time.perf_counter()
    sweep_due_deadlines(budget_s=600)
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed * 1000 / max(todo, 1)


def flush_redis() -> None:
    import redis

    for url in {os.environ["REDIS_URL"], os.environ.get("CELERY_BROKER_URL") or ""} - {""}:
        if url.startswith("redis"):
            redis.Redis.from_url(url).flushdb()


def write_floor(seconds: float = 8.0) -> float:
    """Bare durable writes per second: CONNECTIONS sessions, each INSERT one row + COMMIT."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_write_floor (id bigserial PRIMARY KEY, "
                     "at timestamptz NOT NULL DEFAULT now(), body jsonb)")  # fmt: skip
        conn.execute("TRUNCATE bench_write_floor")
    counts = [0] * CONNECTIONS
    stop = time.monotonic() + seconds

    def writer(slot: int) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            while time.monotonic() < stop:
                conn.execute("INSERT INTO bench_write_floor (body) VALUES (%s)", ['{"a": 1}'])
                counts[slot] += 1

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("bench/ingest.py needs wrk: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("bench/ingest.py needs DATABASE_URL=postgres://... (its own database)")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("bench/ingest.py needs REDIS_URL (the rate limiter's Redis)")
    ensure_database()
    flush_redis()
    token = prepare()
    port = free_port()
    server = start_server(port)
    run = str(int(time.time()))
    try:
        for name, path, mode in PHASES:
            load(port, path, mode, token, WARMUP, run + "w" + name)
        slices: dict[str, list[dict[str, float]]] = {name: [] for name, _p, _m in PHASES}
        for round_ in range(ROUNDS):  # interleaved: a shared machine's drift hits all alike
            for name, path, mode in PHASES:
                one = load(port, path, mode, token, DURATION // ROUNDS, f"{run}{name}{round_}",
                           server.pid)  # fmt: skip
                slices[name].append(one)
        results = {name: combined(parts) for name, parts in slices.items()}
        for name, r in results.items():
            print(f"{name}: {r['rps']:.0f} req/s, p50 {r['p50_us'] / 1000:.1f} ms, "
                  f"p99 {r['p99_us'] / 1000:.1f} ms (slices {r['p99s']}), CPU per request: "
                  f"app {r['app_cpu_ms']:.2f} ms, PostgreSQL {r['db_cpu_ms']:.2f} ms",
                  flush=True)  # fmt: skip
        pairs = zip(slices["ceiling"], slices["ingest"], strict=True)
        ratios = [ingest["rps"] / ceiling["rps"] for ceiling, ingest in pairs]
        print("ingest_ratio by round: " + " ".join(f"{x:.2f}" for x in ratios), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    flush_redis()  # the pages queued for a worker that does not run here
    floor = write_floor()
    repeat_ms, new_ms = service_ms()
    finish_ms = declaration_finish_ms()
    flush_redis()  # the pages the sweep queued
    load1, load5, _ = os.getloadavg()
    ingest_rps, ceiling_rps = results["ingest"]["rps"], results["ceiling"]["rps"]
    batch_alerts = results["batch"]["rps"] * 10
    one_write_rps = results["one_write"]["rps"]
    # At the target ratio the two cores give each request this much CPU, app and database
    # together; the ceiling's own request (Django, middleware, gunicorn) takes its share.
    budget_ms = (os.cpu_count() or 1) * 1000 / (0.5 * ceiling_rps)
    cpu = {name: r["app_cpu_ms"] + r["db_cpu_ms"] for name, r in results.items()}
    print(f"floor: one_write_rps={one_write_rps:.0f} "
          f"one_write_ratio={one_write_rps / ceiling_rps:.2f} "
          f"sweep_ms_per_declaration={finish_ms:.1f} cpu_budget_ms_at_target={budget_ms:.2f} "
          f"ingest_cpu_ms={cpu['ingest']:.2f} ceiling_cpu_ms={cpu['ceiling']:.2f} "
          f"one_write_cpu_ms={cpu['one_write']:.2f}")  # fmt: skip
    print(f"floor: durable_writes_per_s={floor:.0f} ingest_share_of_floor="
          f"{ingest_rps / floor:.2f} batch_alerts_share_of_floor={batch_alerts / floor:.2f} "
          f"service_ms_repeat={repeat_ms:.1f} service_ms_new={new_ms:.1f} "
          f"load_avg_1m={load1:.2f} load_avg_5m={load5:.2f} cores={os.cpu_count()} "
          f"workers={WORKERS} connections={CONNECTIONS}")  # fmt: skip
    print(
        f"ingest_rps={ingest_rps:.0f} ceiling_rps={ceiling_rps:.0f} "
        f"ingest_ratio={ingest_rps / ceiling_rps:.2f} "
        f"ingest_ms_p99={results['ingest']['p99_us'] / 1000:.1f} "
        f"batch_alerts_per_s={batch_alerts:.0f}"
    )


if __name__ == "__main__":
    main()
