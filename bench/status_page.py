"""Public status page: time per request served from the cache, and the cold render.

Uses the database named by DATABASE_URL (migrates it; adds public bench incidents,
"Bench status ..." — removed first on each run) and the cache named by REDIS_URL.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_status \
    REDIS_URL=redis://127.0.0.1:6379/9 python bench/status_page.py
Last line: status_page_rps=… status_page_ms_p50=… status_page_ms_p95=… cold_ms_p50=…
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")

from _setup import ensure_database, migrate_defaults  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from communications.models import IncidentComms, PublicUpdate  # noqa: E402
from incidents.models import Incident, SeverityPolicy  # noqa: E402

INCIDENTS, UPDATES, REQUESTS, COLD = 20, 6, 3000, 50


def fill() -> None:
    migrate_defaults()
    Incident.objects.filter(title__startswith="Bench status").delete()
    policy = SeverityPolicy.objects.get(severity="P1")
    now = timezone.now()
    for i in range(INCIDENTS):
        incident = Incident.objects.create(
            title=f"Bench status {i}",
            severity="P1",
            status="acknowledged" if i % 3 else "resolved",
            acknowledge_minutes=policy.acknowledge_minutes,
            opened_at=now - timedelta(hours=i),
        )
        IncidentComms.objects.create(incident=incident, public=True, public_title=incident.title)
        PublicUpdate.objects.bulk_create(
            PublicUpdate(
                incident=incident,
                kind="status_update" if n else "notification",
                text=f"Update {n}: we are working on it. " * 4,
                published_at=now - timedelta(hours=i, minutes=30 * n),
            )
            for n in range(UPDATES)
        )


def timed(client: Client, clear: bool) -> float:
    if clear:
        cache.clear()
    start = time.perf_counter()
    response = client.get("/status/", HTTP_ACCEPT_LANGUAGE="en")
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200
    return elapsed


def main() -> None:
    fill()
    client = Client()
    cold = sorted(timed(client, clear=True) for _ in range(COLD))
    timed(client, clear=False)
    started = time.perf_counter()
    warm = sorted(timed(client, clear=False) for _ in range(REQUESTS))
    total = time.perf_counter() - started
    p95 = warm[int(len(warm) * 0.95)]
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"{INCIDENTS} public incidents x {UPDATES} updates; cache {backend}")
    print(
        f"status_page_rps={REQUESTS / total:.0f} status_page_ms_p50={statistics.median(warm):.2f} "
        f"status_page_ms_p95={p95:.2f} cold_ms_p50={statistics.median(cold):.2f}"
    )


if __name__ == "__main__":
    main()
