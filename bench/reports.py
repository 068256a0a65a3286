"""The manager's console and the incident history with 100,000 incidents over two years
(each with a timeline; some with escalations, a scenario and a service) and 5,000 reviews.

Uses the database named by DATABASE_URL (migrates it, replaces its incidents).
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports python bench/reports.py
Last line: reports_ms_p50=… reports_ms_p95=… history_ms_p95=… queries=…
(the console over 90 days, the history filtered to P1 over 90 days; queries: the console's)
"""

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import analyze, ensure_database, migrate_defaults, reset, time_page  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bulkcopy import insert_rows  # noqa: E402
from escalation.models import EscalationRecord  # noqa: E402
from incidents.models import Incident, SeverityPolicy, TimelineEvent  # noqa: E402
from reviews.models import ActionItem, Review  # noqa: E402
from runbooks.models import IncidentRunbook, Scenario  # noqa: E402

TOTAL, REVIEWS, RENDERS = 100_000, 5_000, 100
SEVERITIES = ["P0"] * 3 + ["P1"] * 12 + ["P2"] * 35 + ["P3"] * 50


def _ids(model, count: int) -> list[int]:
    return list(model.objects.order_by("-id").values_list("id", flat=True)[:count])[::-1]


def fill() -> None:
    migrate_defaults()
    for model in (ActionItem, Review.meeting_attendees.through, Review, IncidentRunbook):
        model.objects.all()._raw_delete(model.objects.db)
    reset()
    rng = random.Random(13)
    User = get_user_model()
    manager, _ = User.objects.get_or_create(username="bench-manager")
    manager.groups.add(Group.objects.get(name="Manager"))
    scenarios = [
        Scenario.objects.get_or_create(
            number=n, defaults={"title": f"Scenario {n}", "severity": "P1"}
        )[0]
        for n in range(1, 11)
    ]
    policy = {p.severity: p.acknowledge_minutes for p in SeverityPolicy.objects.all()}
    now = timezone.now()
    rows, timeline = [], []
    moments = sorted(now - timedelta(minutes=rng.uniform(5, 730 * 24 * 60)) for _ in range(TOTAL))
    for n, opened in enumerate(moments):  # ids grow with time, as they do in production
        sev = rng.choice(SEVERITIES)
        acked = opened + timedelta(minutes=rng.uniform(1, 2 * policy[sev]))
        resolved = acked + timedelta(minutes=rng.uniform(10, 600)) if rng.random() < 0.97 else None
        status = "resolved" if resolved else "acknowledged"
        rows.append((f"Bench incident {n}", "", sev, status, "manual", policy[sev], False, False,
                     opened, acked, resolved, now, False))  # fmt: skip
    names = ("title", "description", "severity", "status", "source", "acknowledge_minutes",
             "backlog_instead_of_engineer", "commander_at_open", "opened_at", "acknowledged_at",
             "resolved_at", "updated_at", "restricted")  # fmt: skip
    with transaction.atomic():
        insert_rows(Incident, names, rows)
    incidents = list(
        Incident.objects.values_list(
            "id", "opened_at", "acknowledged_at", "resolved_at", "severity"
        )
    )
    for pk, opened, acked, resolved, _sev in incidents:
        timeline.append((pk, "declared", opened, {}))
        timeline.append((pk, "acknowledged", acked, {}))
        if resolved:
            timeline.append((pk, "resolved", resolved, {}))
    with transaction.atomic():
        insert_rows(TimelineEvent, ("incident_id", "kind", "created_at", "data"), timeline)
        insert_rows(
            IncidentRunbook,
            (
                "incident_id",
                "scenario_id",
                "attached_at",
                "verification_waiver_reason",
                "rollback_confirmation_reason",
                "anpd_protocol",
            ),  # fmt: skip
            [
                (pk, rng.choice(scenarios).pk, opened, "", "", "")
                for pk, opened, *_ in incidents
                if rng.random() < 0.6
            ],
        )
        insert_rows(
            EscalationRecord,
            ("incident_id", "level", "due_at", "fired_at", "summary", "data"),
            [
                (pk, "escalation_engineer", opened, opened, "", {})
                for pk, opened, *_ in incidents
                if rng.random() < 0.1
            ],
        )
        reviewed = [i for i in incidents if i[4] in ("P0", "P1") and i[3]][:REVIEWS]
        insert_rows(
            Review,
            (
                "incident_id",
                "status",
                "cause",
                "owner_id",
                "language",
                "created_at",
                "timeline",
                "users_affected",
                "data_loss",
                "root_cause",
                "resolution",
                "went_well",
                "went_wrong",
                "version",
                "updated_at",
            ),  # fmt: skip
            [
                (
                    pk,
                    "published",
                    "severity",
                    manager.pk,
                    "pt-br",
                    resolved,
                    [],
                    "",
                    "",
                    "x",
                    "",
                    "",
                    "",
                    1,
                    resolved,
                )
                for pk, _o, _a, resolved, _s in reviewed
            ],  # fmt: skip
        )
        review_ids = list(Review.objects.values_list("id", "created_at"))
        insert_rows(
            ActionItem,
            (
                "review_id",
                "title",
                "owner_id",
                "due_date",
                "priority",
                "type",
                "status",
                "wont_do_reason",
                "tracker_url",
                "created_at",
                "created_by_id",
            ),  # fmt: skip
            [
                (
                    rid,
                    "Bench item",
                    manager.pk,
                    (created + timedelta(days=7)).date(),
                    "P2",
                    "preventive",
                    rng.choice(["open", "done"]),
                    "",
                    "",
                    created,
                    manager.pk,
                )
                for rid, created in review_ids
                for _ in range(2)
            ],  # fmt: skip
        )
    analyze()


def measure() -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-manager"))
    since = (date.today() - timedelta(days=89)).isoformat()
    p50, p95, queries = time_page(client, "/reports/?days=90", RENDERS)
    _h50, h95, _hq = time_page(
        client, f"/incidents/history/?severity=P1&opened_from={since}", RENDERS
    )
    print(
        f"backend={connection.vendor} incidents={Incident.objects.count()} "
        f"reviews={Review.objects.count()} renders={RENDERS}"
    )
    figures = f"reports_ms_p50={p50:.1f} reports_ms_p95={p95:.1f} history_ms_p95={h95:.1f}"
    print(f"{figures} queries={queries}")


if __name__ == "__main__":
    fill()
    measure()
