#!/usr/bin/env python
"""Run the whole application in the foreground: what `make run` starts.

1. Setup (scripts/app_setup.py): migrate, load_defaults --demo (prints the login),
   import_playbook when that command exists.
2. Three processes, their output prefixed with their name:
     web     manage.py runserver 0.0.0.0:$PORT   (PORT defaults to 8000)
     worker  celery -A config worker             (exactly one)
     beat    celery -A config beat               (exactly one; schedule in var/)
3. Ctrl-C (SIGINT), SIGTERM or SIGHUP stops all three. If any one of them exits,
   the other two are stopped and this script exits non-zero.

Each process runs in its own session (process group): it gets SIGTERM and stops its
own children (the runserver reloader's child, the celery pool); whatever is left in
its group gets SIGKILL once it exits, or after DEVSTACK_STOP_TIMEOUT seconds
(default 15), or at a second Ctrl-C. The stack is whatever the environment
says: SQLite + filesystem broker by default, PostgreSQL + Redis with DATABASE_URL
and REDIS_URL / CELERY_BROKER_URL set. Only the standard library is used.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from app_setup import BASE_DIR, run_setup  # noqa: E402

PORT = int(os.environ.get("PORT", "8000"))
STOP_TIMEOUT = float(os.environ.get("DEVSTACK_STOP_TIMEOUT", "15"))
VAR_DIR = BASE_DIR / "var"
PY = sys.executable

PROCESSES: dict[str, list[str]] = {
    "web": [PY, "manage.py", "runserver", f"0.0.0.0:{PORT}"],
    "worker": [PY, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO"],
    "beat": [
        PY, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO",
        "--schedule", str(VAR_DIR / "celerybeat-schedule"),
    ],
}  # fmt: skip

COLORS = {"web": "\033[36m", "worker": "\033[33m", "beat": "\033[35m", "devstack": "\033[1m"}
RESET = "\033[0m"
USE_COLOR = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
WIDTH = max(len(name) for name in [*PROCESSES, "devstack"])
_print_lock = threading.Lock()


def emit(name: str, line: str) -> None:
    label = name.ljust(WIDTH)
    if USE_COLOR:
        label = f"{COLORS.get(name, '')}{label}{RESET}"
    with _print_lock:
        sys.stdout.write(f"{label} | {line.rstrip()}\n")
        sys.stdout.flush()


def say(line: str) -> None:
    emit("devstack", line)


def _die_with_parent() -> None:
    """In the child: get SIGTERM if this runner dies without cleaning up (Linux only)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def pump(name: str, stream: IO[bytes]) -> None:
    for raw in iter(stream.readline, b""):
        emit(name, raw.decode(errors="replace"))
    stream.close()


def signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    if port_open(PORT):
        say(f"port {PORT} is already in use: stop what listens there, or run with PORT=<other>")
        return 1
    demo = os.environ.get("LOAD_DEMO_DATA", "true").strip().lower() not in {"0", "false", "no"}
    login = run_setup(demo=demo)

    stop_requested: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop_requested.append(signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    for name, cmd in PROCESSES.items():
        procs[name] = subprocess.Popen(
            cmd,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    # Start the readers only after every fork (preexec_fn and threads do not mix).
    readers = []
    for name, proc in procs.items():
        assert proc.stdout is not None
        reader = threading.Thread(target=pump, args=(name, proc.stdout), daemon=True)
        reader.start()
        readers.append(reader)
    say(f"started web (pid {procs['web'].pid}), worker (pid {procs['worker'].pid}), "
        f"beat (pid {procs['beat'].pid}); Ctrl-C stops all three")  # fmt: skip

    exit_code = 0
    announced = False
    started = time.monotonic()
    while True:
        if stop_requested:
            signum = stop_requested[0]
            say(f"got {signal.Signals(signum).name}: stopping")
            exit_code = 128 + signum
            break
        dead = [(name, proc.returncode) for name, proc in procs.items() if proc.poll() is not None]
        if dead:
            name, code = dead[0]
            say(f"{name} exited with code {code}: stopping the others")
            exit_code = 128 - code if code < 0 else (code or 1)
            break
        waited = time.monotonic() - started
        if not announced and ((waited > 3 and port_open(PORT)) or waited > 60):
            announced = True
            say(f"ready: open http://localhost:{PORT}/")
            for line in login.strip().splitlines()[-12:]:
                say(f"  {line}")
        time.sleep(0.2)

    # Stop everything: SIGTERM to each leader (celery and the runserver reloader stop their own
    # children), then SIGKILL to whatever is left in each group, on timeout or a second Ctrl-C.
    handled = len(stop_requested)
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    while any(proc.poll() is None for proc in procs.values()):
        if time.monotonic() > deadline or len(stop_requested) > handled:
            say("forcing the remaining processes to stop (SIGKILL)")
            break
        time.sleep(0.1)
    for proc in procs.values():
        signal_group(proc, signal.SIGKILL)  # the rest of each group: reloader, pool children
        proc.wait()
    for reader in readers:
        reader.join(timeout=2)
    say(f"stopped (exit {exit_code})")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
