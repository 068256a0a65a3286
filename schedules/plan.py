"""The schedule as plain data, read from the database once per version and kept in each
process: a lookup then costs one read of the version row."""

import datetime as dt
import threading
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from .layers import Layer
from .models import Override, Rotation, ScheduleState
from .resolve import Cover, RolePlan

# Overrides older than this are left out of the cached plan (looked up in the database).
KEPT_HISTORY = dt.timedelta(days=35)


@dataclass
class Plan:
    version: str | None
    since: dt.datetime
    roles: dict[str, RolePlan] = field(default_factory=dict)  # by role key

    def for_role(self, role_key: str) -> RolePlan:
        return self.roles.get(role_key) or RolePlan(role_key)


_cache = threading.local()


def current_version() -> str | None:
    table = ScheduleState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


def layer_of(rotation: Rotation) -> Layer:
    return Layer(
        rotation_id=rotation.pk,
        layer=rotation.layer,
        user_ids=tuple(m.user_id for m in rotation.members.all()),
        zone=ZoneInfo(rotation.timezone),
        length=rotation.length,
        hours=rotation.length_hours or 24,
        handoff=rotation.handoff_time,
        start=rotation.start_date,
        restriction=rotation.restriction,
    )


def load_plan(version: str | None, since: dt.datetime) -> Plan:
    plan = Plan(version=version, since=since)
    rotations = Rotation.objects.select_related("role").prefetch_related("members")
    for rotation in rotations.order_by("-layer"):
        key = rotation.role.key
        plan.roles.setdefault(key, RolePlan(key)).layers.append(layer_of(rotation))
    live = Override.objects.filter(cancelled_at__isnull=True, ends_at__gt=since)
    rows = live.order_by("starts_at", "id").values_list(
        "role__key", "starts_at", "ends_at", "user_id", "pk"
    )
    for key, starts_at, ends_at, user_id, pk in rows:
        plan.roles.setdefault(key, RolePlan(key)).overrides.append(
            Cover(starts_at, ends_at, user_id, pk)
        )
    return plan


def kept_plan() -> Plan | None:
    """The plan this process read last, without asking whether it is still current: the
    caller checks its version (schedules.people reads the version with the people)."""
    return getattr(_cache, "plan", None)


def current_plan() -> Plan:
    """The schedule as this process knows it, re-read when its version changed (or when
    there is no version row, as right after a test flushed the tables)."""
    version = current_version()
    cached = kept_plan()
    if version is not None and cached is not None and cached.version == version:
        return cached
    plan = load_plan(version, timezone.now() - KEPT_HISTORY)
    _cache.plan = plan
    return plan


def plan_covering(at: dt.datetime) -> Plan:
    """current_plan, or for a moment older than it keeps, a plan read for that moment."""
    plan = current_plan()
    if at >= plan.since:
        return plan
    return load_plan(plan.version, at - dt.timedelta(days=1))
