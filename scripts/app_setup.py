#!/usr/bin/env python
"""Bring the database up to date and load the defaults: the steps before any process starts.

Used by `make run` (through scripts/devstack.py) and by the `web` service of
docker-compose.yml. Every step is idempotent. A step whose management command does
not exist (yet) in this checkout is skipped with a note, so the list can name
commands that other apps add later.

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

# (command, arguments, required). A required command that is missing is an error;
# an optional one is skipped. A path argument that does not exist skips the step too.
RUN_SETUP_COMMANDS: list[tuple[str, list[str], bool]] = [
    ("migrate", ["--noinput"], True),
    ("load_defaults", [], False),
    ("import_playbook", ["runbooks/defaults/playbook.pt-BR.md"], False),
]


def available_commands() -> set[str]:
    out = subprocess.run(
        [*MANAGE, "help", "--commands"],
        cwd=BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {line.strip() for line in out.splitlines() if line.strip()}


def accepts_option(command: str, option: str) -> bool:
    out = subprocess.run(
        [*MANAGE, command, "--help"], cwd=BASE_DIR, capture_output=True, text=True
    ).stdout
    return option in out.split()


def note(message: str) -> None:
    print(f"[setup] {message}", flush=True)


def run_setup(*, demo: bool = False, collectstatic: bool = False) -> str:
    """Run the setup commands; return what load_defaults printed (it names the login)."""
    commands = available_commands()
    steps = list(RUN_SETUP_COMMANDS)
    if collectstatic:
        steps.append(("collectstatic", ["--noinput", "--verbosity", "0"], True))
    login_output = ""
    for name, args, required in steps:
        if name not in commands:
            if required:
                raise SystemExit(f"[setup] required command '{name}' is not available")
            note(f"skipping '{name}': no such management command in this checkout yet")
            continue
        missing = [a for a in args if "/" in a and not (BASE_DIR / a).exists()]
        if missing:
            note(f"skipping '{name}': {', '.join(missing)} does not exist")
            continue
        if name == "load_defaults" and demo and accepts_option(name, "--demo"):
            args = [*args, "--demo"]
        note(f"manage.py {name} {' '.join(args)}".rstrip())
        if name == "load_defaults":
            result = subprocess.run([*MANAGE, name, *args], cwd=BASE_DIR, stdout=subprocess.PIPE)
            text = result.stdout.decode(errors="replace")
            sys.stdout.write(text)
            sys.stdout.flush()
            if result.returncode:
                raise SystemExit(f"[setup] manage.py {name} failed ({result.returncode})")
            login_output = text
        else:
            result = subprocess.run([*MANAGE, name, *args], cwd=BASE_DIR)
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
