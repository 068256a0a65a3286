"""Playbook import time and the incident page with its checklist.

Uses the database named by DATABASE_URL (migrates it; imports the default pt-BR
playbook into it, so point it at a database kept for benchmarks):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_runbooks python bench/runbooks.py
Last line: import_ms=… reimport_ms=… incident_page_ms_p50=… incident_page_ms_p95=… queries=…
"""

import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from incidents.bootstrap import load_roles, load_severity_policies, sync_groups  # noqa: E402
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
    call_command("migrate", verbosity=0)
    load_severity_policies()
    load_roles()
    sync_groups()
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
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(user)
    url = f"/incidents/{incident.pk}/"
    for _ in range(10):
        client.get(url)
    timings = []
    for _ in range(RENDERS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    steps = scenario.steps.count()
    print(f"backend={connection.vendor} scenarios={Scenario.objects.count()} steps_on_page={steps}")
    print(
        f"import_ms={first:.1f} reimport_ms={again:.1f} incident_page_ms_p50={p50:.1f} "
        f"incident_page_ms_p95={p95:.1f} queries={len(ctx.captured_queries)}"
    )


if __name__ == "__main__":
    main()
