"""The floor under bench/sweep.py: how fast this database takes the rows a sweep must write,
with no application logic at all.

For each deadline of sweep.py's catch-up backlog (5,000 P1 incidents, acknowledge, Escalation
Engineer and Incident Commander all past) it writes, from ready-made tuples, what the real
handlers write: the claim (UPDATE of the deadline), a timeline entry, a page in the outbox, the
unique escalation record, and for the two role levels the role assignment and its timeline
entry; COPY for the inserts, one transaction per 500 deadlines, as the sweep does. Then the
same for 1,000 acknowledge breaches alone (sweep.py's "1,000 due").

Uses the database named by DATABASE_URL and REPLACES its incidents (see sweep.py).
Last line: write_floor_per_s=… write_floor_ms_1000_breaches=…
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

from _setup import add_open_incidents, ensure_database, reset, setup_people  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

from incidents.models import Deadline, Role  # noqa: E402

BATCH = 500
NOTIFICATION_COLUMNS = (
    "id, incident_id, user_id, channel, address, subject, body, reason, key, status, attempts, "
    "max_attempts, next_attempt_at, last_error, delivered_at, created_at, updated_at, root_id, "
    "stage, fallbacks"
)


def copy(cursor, sql: str, rows: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    with cursor.cursor.copy(sql) as stream:
        for row in rows:
            stream.write_row(row)


def write(deadlines: list[tuple], user_id: int, roles: dict[str, int]) -> float:
    """Write every row for `deadlines` (id, incident_id, kind, due_at); seconds taken."""
    now = timezone.now()
    data = Jsonb(
        {"level": "acknowledge", "role": "first_responder", "due_at": now.isoformat(),
         "multiple": 1.0, "nobody_on_call": False, "user_id": user_id, "user": "A. Person"}
    )  # fmt: skip
    fallbacks = Jsonb([[["email", "a@example.com"], ["sms", "+5511999990000"]], [["voice", ""]]])
    body = "You are paged on INC-1 (P1) Bench incident. Reason: acknowledge SLA breached. Open: "
    start = time.perf_counter()
    for i in range(0, len(deadlines), BATCH):
        chunk = deadlines[i : i + BATCH]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE incidents_deadline SET fired_at = %s "
                "WHERE id = ANY(%s) AND fired_at IS NULL RETURNING id",
                [now, [d[0] for d in chunk]],
            )
            cursor.fetchall()
            role_levels = [d for d in chunk if d[2] in roles]
            copy(
                cursor,
                "COPY incidents_timelineevent (incident_id, kind, actor_id, created_at, data) "
                "FROM STDIN",
                [(d[1], "escalated", None, now, data) for d in chunk]
                + [(d[1], "role_assigned", None, now, data) for d in role_levels],
            )
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('notifications_notification', 'id')) "
                "FROM generate_series(1, %s)",
                [len(chunk)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            copy(
                cursor,
                f"COPY notifications_notification ({NOTIFICATION_COLUMNS}) FROM STDIN",
                [
                    (
                        pk,
                        d[1],
                        user_id,
                        "slack",
                        "@someone",
                        "[P1] INC-1: Bench incident",
                        f"{body}http://localhost:8000/incidents/{d[1]}/",
                        "sla_breached",
                        f"deadline:{d[0]}:user:{user_id}",
                        "queued",
                        0,
                        3,
                        now,
                        "",
                        None,
                        now,
                        now,
                        None,
                        0,
                        fallbacks,
                    )  # fmt: skip
                    for pk, d in zip(ids, chunk, strict=True)
                ],
            )
            copy(
                cursor,
                "COPY escalation_escalationrecord (incident_id, deadline_id, level, due_at, "
                "fired_at, paged_id, summary, data) FROM STDIN",
                [(d[1], d[0], d[2], d[3], now, user_id, "Paged A. Person", data) for d in chunk],
            )
            copy(
                cursor,
                "COPY incidents_incidentroleassignment (incident_id, role_id, user_id, "
                "assigned_at, ended_at, assigned_by_id) FROM STDIN",
                [(d[1], roles[d[2]], user_id, now, None, None) for d in role_levels],
            )
    return time.perf_counter() - start


def pending(kinds: tuple[str, ...]) -> list[tuple]:
    return list(
        Deadline.objects.pending()
        .filter(kind__in=kinds)
        .order_by("due_at", "id")
        .values_list("pk", "incident_id", "kind", "due_at")
    )


def main() -> None:
    if connection.vendor != "postgresql":
        print("bench/write_floor.py measures PostgreSQL's COPY: point DATABASE_URL at PostgreSQL")
        print("write_floor=needs_postgresql")
        return
    people = setup_people()
    user_id = people["first_responder"].pk
    roles = dict(
        Role.objects.filter(key__in=["escalation_engineer", "incident_commander"]).values_list(
            "key", "pk"
        )
    )
    reset()
    add_open_incidents(5_000, opened_minutes_ago=300)
    backlog = pending(("acknowledge", "escalation_engineer", "incident_commander"))
    elapsed = write(backlog, user_id, roles)
    rate = len(backlog) / elapsed
    print(f"{len(backlog)} deadlines' rows written in {elapsed * 1000:.0f} ms = {rate:.0f}/s")

    reset()
    add_open_incidents(1_000, opened_minutes_ago=300)
    breaches = pending(("acknowledge",))
    breach_ms = write(breaches, user_id, roles) * 1000
    print(f"{len(breaches)} breaches' rows written in {breach_ms:.1f} ms")
    print(f"write_floor_per_s={rate:.0f} write_floor_ms_1000_breaches={breach_ms:.1f}")


if __name__ == "__main__":
    main()
