"""Who is on call: the one lookup (settings.ONCALL_LOOKUP points here), the timelines
pages show, and the gaps in coverage."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from escalation.models import OnCallShift
from escalation.selectors import roster_on_call_user_id

from .plan import plan_covering
from .resolve import Cover, Segment, holder_at, resolve

FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)
HORIZON = dt.timedelta(days=14)


def on_call_user_id(role_key: str, at: dt.datetime | None = None) -> int | None:
    """Whose turn it is for the role at `at` (now by default): the latest override covering
    it, else the highest layer with someone, else the admin roster; None when nobody."""
    at = at or timezone.now()
    plan = plan_covering(at)
    role_id = plan.role_ids.get(str(role_key))
    if role_id is None:
        return None
    user_id, _source = holder_at(plan.for_role(role_id), at)
    return user_id if user_id is not None else roster_on_call_user_id(str(role_key), at)


def on_call_user(role_key: str, at: dt.datetime | None = None) -> Any:
    """on_call_user_id as a user (with the profile), or None."""
    user_id = on_call_user_id(role_key, at)
    if user_id is None:
        return None
    try:
        return get_user_model().objects.select_related("profile").get(pk=user_id)
    except ObjectDoesNotExist:
        return None


def roster_covers(role_id: int, start: dt.datetime, end: dt.datetime) -> list[Cover]:
    shifts = OnCallShift.objects.filter(role_id=role_id, starts_at__lt=end).exclude(
        ends_at__lte=start
    )
    return [
        Cover(s.starts_at, s.ends_at or FOREVER, s.user_id, s.pk)
        for s in shifts.only("starts_at", "ends_at", "user_id")
    ]


def role_timeline(role_id: int, start: dt.datetime, end: dt.datetime) -> list[Segment]:
    """Who is on call for a role over [start, end), as segments (gaps have no user)."""
    plan = plan_covering(start)
    return resolve(plan.for_role(role_id), start, end, roster_covers(role_id, start, end))


def paging_role_keys() -> list[str]:
    return list(getattr(settings, "SCHEDULE_PAGING_ROLES", []))


def coverage_gaps(
    start: dt.datetime | None = None, horizon: dt.timedelta = HORIZON
) -> list[tuple[int, Segment]]:
    """Every stretch of the next two weeks where a paging role has nobody on call, as
    (role id, segment)."""
    start = start or timezone.now()
    plan = plan_covering(start)
    gaps = []
    for key in paging_role_keys():
        role_id = plan.role_ids.get(key)
        if role_id is None:
            continue
        for segment in role_timeline(role_id, start, start + horizon):
            if segment.user_id is None:
                gaps.append((role_id, segment))
    return gaps


def shifts_of(user_id: int, start: dt.datetime, end: dt.datetime) -> list[tuple[int, Segment]]:
    """A person's on-call stretches over [start, end) in every role, as (role id, segment),
    soonest first."""
    plan = plan_covering(start)
    mine = [
        (role_id, segment)
        for role_id in plan.role_ids.values()
        for segment in role_timeline(role_id, start, end)
        if segment.user_id == user_id
    ]
    return sorted(mine, key=lambda item: item[1].start)
