#!/usr/bin/env python
"""Container health checks for docker-compose.yml (standard library only).

    python scripts/healthcheck.py web      # GET 127.0.0.1:$PORT$HEALTHCHECK_PATH answers < 400
    python scripts/healthcheck.py worker   # this container's celery worker answers a ping
    python scripts/healthcheck.py beat     # beat keeps writing its schedule file

Exit 0 when healthy, 1 otherwise (with one line saying why).
"""

from __future__ import annotations

import glob
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def check_web() -> str:
    port = os.environ.get("PORT", "8000")
    path = os.environ.get("HEALTHCHECK_PATH", "/login/")
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0].lstrip(".") if hosts else "localhost"
    if host == "*":
        host = "localhost"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        # As the TLS-terminating proxy would send it, so SECURE_SSL_REDIRECT does not answer 301.
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status >= 400:
        raise RuntimeError(f"GET {path} (Host: {host}) answered {status}")
    return f"GET {path} answered {status}"


def check_worker() -> str:
    node = f"celery@{socket.gethostname()}"
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "inspect", "ping", "-d", node,
         "--timeout", "10"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    if result.returncode != 0 or "pong" not in result.stdout:
        raise RuntimeError(f"{node} did not answer a ping: {result.stdout or result.stderr}")
    return f"{node} answered"


def process_age(pid: int = 1) -> float:
    """Seconds since process `pid` started (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    started = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - started


def check_beat() -> str:
    # Beat saves its schedule at least every 3 minutes while it sends tasks, and the escalation
    # sweep is due every few seconds: a file older than BEAT_STALE_SECONDS means beat is stuck.
    schedule = os.environ.get("BEAT_SCHEDULE_FILE", str(BASE_DIR / "var" / "celerybeat-schedule"))
    stale = float(os.environ.get("BEAT_STALE_SECONDS", "600"))
    files = glob.glob(schedule + "*")
    if not files:
        raise RuntimeError(f"no schedule file {schedule}*")
    age = time.time() - max(os.path.getmtime(f) for f in files)
    if age > stale and process_age() > stale:
        raise RuntimeError(f"schedule file not written for {age:.0f}s")
    return f"schedule written {age:.0f}s ago"


CHECKS = {"web": check_web, "worker": check_worker, "beat": check_beat}


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1] not in CHECKS:
        print(f"usage: healthcheck.py {{{'|'.join(CHECKS)}}}", file=sys.stderr)
        return 2
    try:
        print(CHECKS[sys.argv[1]]())
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        print(f"unhealthy: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
