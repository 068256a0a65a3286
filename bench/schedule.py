"""On-call lookup and the schedule page, on 4 roles x 3 layers x 20 people and 1,000 overrides.

Uses the database named by DATABASE_URL (migrates it; replaces its rotations, overrides and
"bench-sched-*" people on each run).
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_schedule python bench/schedule.py
Besides the targets it measures, in the same sitting, the floors the lookup stands on: one
read of the plan's version row and one ORM read of a user with the profile (the two queries a
lookup made before it read both in one), and SELECT 1.
Last line: oncall_lookup_us_p95=… schedule_page_ms_p95=… (then the floors, load average)
"""

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")

from _setup import ensure_database, migrate_defaults, time_page  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from escalation.selectors import on_call_user  # noqa: E402
from incidents.models import Profile, Role  # noqa: E402
from schedules.models import Override, Rotation, RotationMember, ScheduleEvent  # noqa: E402
from schedules.plan import current_version  # noqa: E402
from schedules.services import rotation_save, schedule_changed  # noqa: E402

ROLES = ["first_responder", "escalation_engineer", "incident_commander", "product_owner"]
LAYERS, PEOPLE, OVERRIDES, LOOKUPS, RENDERS = 3, 20, 1000, 3000, 100
LAYER_SHAPES = [
    ("weekly", None, "none"),
    ("daily", None, "weekdays"),
    ("hours", 12, "business_hours"),
]


def fill() -> list:
    migrate_defaults()
    Override.objects.all().delete()
    RotationMember.objects.all().delete()
    Rotation.objects.all().delete()
    ScheduleEvent.objects.all().delete()
    User = get_user_model()
    people = []
    for n in range(PEOPLE * LAYERS):
        user, _ = User.objects.get_or_create(
            username=f"bench-sched-{n}",
            defaults={"first_name": "Bench", "last_name": str(n), "email": f"s{n}@example.com"},
        )
        Profile.objects.get_or_create(user=user, defaults={"slack_handle": f"@s{n}"})
        people.append(user)
    boss, _ = User.objects.get_or_create(
        username="bench-sched-boss", defaults={"first_name": "Boss"}
    )
    boss.groups.add(Group.objects.get(name="Commander"))
    start = timezone.localdate() - dt.timedelta(days=400)
    for role in Role.objects.filter(key__in=ROLES):
        for layer, (length, hours, restriction) in enumerate(LAYER_SHAPES, start=1):
            members = people[(layer - 1) * PEOPLE : layer * PEOPLE]
            rotation_save(
                role=role,
                name=f"Bench {layer}",
                members=members,
                length=length,
                length_hours=hours,
                handoff_time=dt.time(9, 0),
                start_date=start,
                by=boss,
                layer=layer,
                restriction=restriction,
            )
    now = timezone.now()
    rng = random.Random(14)
    roles = list(Role.objects.filter(key__in=ROLES))
    overrides = []
    for n in range(OVERRIDES):
        begins = now + dt.timedelta(hours=rng.uniform(-24 * 20, 24 * 30))
        overrides.append(
            Override(
                role=roles[n % len(roles)],
                user=rng.choice(people),
                starts_at=begins,
                ends_at=begins + dt.timedelta(hours=rng.uniform(1, 12)),
                created_by=boss,
                created_at=now,
            )
        )
    Override.objects.bulk_create(overrides)
    schedule_changed()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return [boss]


def p95_us(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    return samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    [boss] = fill()
    rng = random.Random(1)
    now = timezone.now()
    moments = [
        now + dt.timedelta(minutes=rng.uniform(-60 * 24 * 7, 60 * 24 * 7)) for _ in range(LOOKUPS)
    ]
    on_call_user("first_responder", now)  # the plan read once, as every process does
    picks = iter([(rng.choice(ROLES), t) for t in moments * 2])
    lookup = p95_us(lambda: on_call_user(*next(picks)), LOOKUPS)
    user_id = (
        get_user_model().objects.filter(username="bench-sched-0").values_list("pk", flat=True)[0]
    )
    users = get_user_model().objects.select_related("profile")
    version = p95_us(current_version, LOOKUPS)
    user_read = p95_us(lambda: users.filter(pk=user_id).first(), LOOKUPS)

    def select_one() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    bare = p95_us(select_one, LOOKUPS)
    client = Client()
    client.force_login(boss)
    _p50, page_p95, queries = time_page(client, "/schedules/first_responder/", RENDERS)
    # The same page for a role with no rotation and no override: what the page costs
    # before the schedule (session, permissions, the template, the forms).
    Role.objects.get_or_create(
        key="bench_empty", defaults={"name_pt_br": "Vazio", "name_en": "Empty", "order": 99}
    )
    _p50, floor_page_p95, _q = time_page(client, "/schedules/bench_empty/", RENDERS)
    load = os.getloadavg()[0]
    print(
        f"lookups={LOOKUPS} overrides={OVERRIDES} layers={len(ROLES) * LAYERS} "
        f"page_queries={queries}"
    )
    print(
        f"oncall_lookup_us_p95={lookup:.0f} schedule_page_ms_p95={page_p95:.1f} "
        f"floor_version_read_us_p95={version:.0f} floor_user_read_us_p95={user_read:.0f} "
        f"floor_select1_us_p95={bare:.0f} lookup_over_floor={lookup / (version + user_read):.2f} "
        f"floor_page_ms_p95={floor_page_p95:.1f} page_over_floor={page_p95 / floor_page_p95:.2f} "
        f"loadavg_1m={load:.2f}"
    )


if __name__ == "__main__":
    main()
