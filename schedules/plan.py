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
    roles: dict[int, RolePlan] = field(default_factory=dict)
    role_ids: dict[str, int] = field(default_factory=dict)

    def for_role(self, role_id: int) -> RolePlan:
        return self.roles.get(role_id) or RolePlan(role_id)


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
        role_id=rotation.role_id,
        layer=rotation.layer,
        user_ids=tuple(m.user_id for m in rotation.members.all()),
        zone=ZoneInfo(rotation.timezone),
        length=rotation.length,
        hours=rotation.length_hours or 24,
        handoff=rotation.handoff_time,
        start=rotation.start_date,
        restriction=rotation.restriction,
    )


def cover_of(override: Override) -> Cover:
    return Cover(override.starts_at, override.ends_at, override.user_id, override.pk)


def load_plan(version: str | None, since: dt.datetime) -> Plan:
    from incidents.models import Role

    plan = Plan(version=version, since=since)
    plan.role_ids = dict(Role.objects.values_list("key", "pk"))
    for rotation in Rotation.objects.prefetch_related("members").order_by("-layer"):
        plan.roles.setdefault(rotation.role_id, RolePlan(rotation.role_id)).layers.append(
            layer_of(rotation)
        )
    live = Override.objects.filter(cancelled_at__isnull=True, ends_at__gt=since)
    for override in live.order_by("starts_at", "id"):
        plan.roles.setdefault(override.role_id, RolePlan(override.role_id)).overrides.append(
            cover_of(override)
        )
    return plan


def current_plan() -> Plan:
    """The schedule as this process knows it, re-read when its version changed (or when
    there is no version row, as right after a test flushed the tables)."""
    version = current_version()
    cached: Plan | None = getattr(_cache, "plan", None)
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
