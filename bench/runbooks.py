"""Playbook import time and the incident page with its checklist.

Uses the database named by DATABASE_URL (migrates it; imports the default pt-BR
playbook into it, so point it at a database kept for benchmarks):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_runbooks python bench/runbooks.py
Last line: import_ms=… reimport_ms=… incident_page_ms_p50=… incident_page_ms_p95=… queries=…
"""

import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import BASE, ensure_database, migrate_defaults, time_page  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from incidents.services import incident_declare  # noqa: E402
from runbooks.models import Scenario  # noqa: E402
from runbooks.services import scenario_attach, step_mark  # noqa: E402

PLAYBOOK = BASE / "runbooks/defaults/playbook.pt-BR.md"
RENDERS = 200


def timed_import() -> float:
    start = time.perf_counter()
    call_command("import_playbook", str(PLAYBOOK), stdout=StringIO(), stderr=StringIO())
    return (time.perf_counter() - start) * 1000


def main() -> None:
    migrate_defaults()
    first = timed_import()
    again = timed_import()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-runbooks", defaults={"first_name": "Bench"}
    )
    user.groups.add(Group.objects.get(name="Responder"))
    scenario = max(Scenario.objects.all(), key=lambda s: s.steps.count())
    incident = incident_declare(title="Bench breach", severity=scenario.severity, by=user)
    scenario_attach(incident=incident, scenario=scenario, by=user)
    for step in scenario.steps.filter(section__in=["diagnosis", "immediate_action"]):
        step_mark(incident=incident, step=step, state="done", by=user)
    client = Client()
    client.force_login(user)
    p50, p95, queries = time_page(client, f"/incidents/{incident.pk}/", RENDERS)
    steps = scenario.steps.count()
    print(f"backend={connection.vendor} scenarios={Scenario.objects.count()} steps_on_page={steps}")
    print(
        f"import_ms={first:.1f} reimport_ms={again:.1f} incident_page_ms_p50={p50:.1f} "
        f"incident_page_ms_p95={p95:.1f} queries={queries}"
    )


if __name__ == "__main__":
    main()
