"""Real `celery worker` / `celery beat` processes and a local Slack for the stack tests."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.db import connection

from escalation.models import SweepHeartbeat

BASE_DIR = Path(settings.BASE_DIR)
SLA_MINUTE_SECONDS = 0.05  # P1: breach at 3 s, Escalation Engineer at 6 s, Commander at 12 s
WAIT_S = 60


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL") or os.environ["REDIS_URL"]


def child_database_url() -> str:
    """The database pytest-django created for this run, for the subprocesses."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(predicate, what: str, timeout: float = WAIT_S):  # type: ignore[no-untyped-def]
    """Poll `predicate` until it is truthy; fail after `timeout` seconds (never hang)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class LocalSlack:
    """An incoming-webhook stand-in: answers from a script of statuses, then 200."""

    def __init__(self) -> None:
        self.script: deque[int] = deque()
        self.posts: list[tuple[int, str]] = []  # (status answered, message text)
        self.lock = threading.Lock()
        slack = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with slack.lock:
                    status = slack.script.popleft() if slack.script else 200
                    text = (json.loads(raw or b"{}") or {}).get("text", "")
                    slack.posts.append((status, text))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/alerts"

    def delivered_to(self, handle: str) -> int:
        with self.lock:
            return sum(1 for status, text in self.posts if status == 200 and handle in text)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Stack:
    """Starts and kills the Celery processes of one test; `stop()` always runs in finally."""

    def __init__(self, tmp_path: Path, slack: LocalSlack) -> None:
        self.tmp_path = tmp_path
        self.slack = slack
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: list = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": child_database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "ESCALATION_SWEEP_SECONDS": "1",
            "SLA_MINUTE_SECONDS": str(SLA_MINUTE_SECONDS),
            "SLACK_WEBHOOK_URL": slack.url,
            "NOTIFICATION_RETRY_BASE_SECONDS": "1",
            "NOTIFICATION_RETRY_FACTOR": "2",
            "NOTIFICATION_SWEEP_GRACE_SECONDS": "2",
            "NOTIFICATION_SENDING_TIMEOUT_SECONDS": "5",
            "EMAIL_URL": "consolemail://",
        }

    def flush_broker(self) -> None:
        """FLUSHDB of the broker's own Redis database (never another one)."""
        import redis

        redis.Redis.from_url(broker_url()).flushdb()

    def _start(self, name: str, args: list[str]) -> None:
        log = open(self.tmp_path / f"{name}.log", "a")  # noqa: SIM115
        self.logs.append(log)
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel", "INFO"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the pool too
        )

    def start_worker(self, name: str = "worker") -> None:
        queues = "sweep,notifications,default"
        node = f"{name}-{os.getpid()}@%h"
        quiet = ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self._start(name, ["worker", "-Q", queues, "-c", "2", "-n", node, *quiet])

    def start_beat(self, name: str = "beat") -> None:
        self._start(name, ["beat", "-s", str(self.tmp_path / f"{name}-schedule")])

    def start(self, beats: tuple[str, ...] = ("beat",)) -> None:
        """A worker and `beats`, then wait until they have swept once."""
        self.start_worker()
        for name in beats:
            self.start_beat(name)
        wait_for(SweepHeartbeat.objects.exists, f"a first sweep (logs in {self.tmp_path})")

    def kill9(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def assert_alive(self) -> None:
        dead = {name: p.returncode for name, p in self.procs.items() if p.poll() is not None}
        assert not dead, f"processes died: {dead}; logs in {self.tmp_path}"

    def stop(self) -> None:
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.procs.clear()
        for log in self.logs:
            log.close()
