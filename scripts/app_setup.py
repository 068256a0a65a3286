#!/usr/bin/env python
"""Bring the database up to date and load the defaults: the steps before any process starts.

Used by `make run` (through scripts/devstack.py) and by the `web` service of
docker-compose.yml. Every step is idempotent, and every step is required: a command that
fails, does not exist or names a file that is missing stops the setup with an error
(a broken checkout must fail loudly, not start half set up).

    python scripts/app_setup.py [--demo] [--collectstatic]

--demo (or LOAD_DEMO_DATA=true) asks load_defaults for the demo roster and login.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]

PLAYBOOK = "runbooks/defaults/playbook.pt-BR.md"
# Imported second: stored as the English wording of the same scenarios, for English viewers.
PLAYBOOK_EN = "runbooks/defaults/playbook.en.md"

# (command, arguments), in order.
RUN_SETUP_COMMANDS: list[tuple[str, list[str]]] = [
    ("migrate", ["--noinput"]),
    ("load_defaults", []),
    ("import_playbook", [PLAYBOOK]),
    ("import_playbook", [PLAYBOOK_EN]),
]


def note(message: str) -> None:
    print(f"[setup] {message}", flush=True)


def setup_steps(*, demo: bool, collectstatic: bool) -> list[tuple[str, list[str]]]:
    """The commands to run; a path argument that does not exist is an error."""
    steps = [
        (name, [*args, "--demo"] if name == "load_defaults" and demo else list(args))
        for name, args in RUN_SETUP_COMMANDS
    ]
    if collectstatic:
        steps.append(("collectstatic", ["--noinput", "--verbosity", "0"]))
    for name, args in steps:
        missing = [a for a in args if "/" in a and not (BASE_DIR / a).exists()]
        if missing:
            raise SystemExit(f"[setup] manage.py {name}: {', '.join(missing)} does not exist")
    return steps


def run_setup(*, demo: bool = False, collectstatic: bool = False) -> str:
    """Run the setup commands; return what load_defaults printed (it names the login)."""
    login_output = ""
    for name, args in setup_steps(demo=demo, collectstatic=collectstatic):
        note(f"manage.py {name} {' '.join(args)}".rstrip())
        capture = name == "load_defaults"
        result = subprocess.run(
            [*MANAGE, name, *args], cwd=BASE_DIR, stdout=subprocess.PIPE if capture else None
        )
        if capture:
            login_output = result.stdout.decode(errors="replace")
            sys.stdout.write(login_output)
            sys.stdout.flush()
        if result.returncode:
            raise SystemExit(f"[setup] manage.py {name} failed ({result.returncode})")
    return login_output


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="load the demo roster and login")
    parser.add_argument("--collectstatic", action="store_true", help="also collect static files")
    options = parser.parse_args()
    run_setup(demo=options.demo or env_flag("LOAD_DEMO_DATA"), collectstatic=options.collectstatic)


if __name__ == "__main__":
    main()
