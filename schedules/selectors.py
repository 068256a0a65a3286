"""Who is on call: the one lookup (settings.ONCALL_LOOKUP points here), the timelines
pages show, and the gaps in coverage."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from escalation.models import OnCallShift
from escalation.selectors import roster_on_call_user_ids
from incidents.access import COMMANDER
from incidents.models import Role, RoleKey

from .people import first_active, versions
from .plan import kept_plan, plan_covering
from .resolve import Cover, RolePlan, Segment, holders_at, resolve
from .validation import can_be_paged

FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)
HORIZON = dt.timedelta(days=14)


def on_call_user(role_key: str, at: dt.datetime | None = None) -> AbstractBaseUser | None:
    """Who is paged for the role at `at` (now by default), as a user with the profile, or
    None when nobody: the latest override covering it, else the highest layer with someone,
    else the admin roster; a deactivated account is skipped for whoever is next in line.

    One query on the paging path: the plan and the people's contact data kept in this
    process are confirmed by their versions, read together (else read again)."""
    at = at or timezone.now()
    key = str(role_key)
    plan = kept_plan()
    if plan is None or at < plan.since:
        plan = plan_covering(at)
    version, people = versions()
    if version != plan.version:  # the schedule changed since this process read it
        plan = plan_covering(at)
    _version, user = first_active(holders_at(plan.for_role(key), at), people)
    if user is not None:
        return user
    roster_ids = roster_on_call_user_ids(key, at)
    return first_active(roster_ids, people)[1] if roster_ids else None


def fallback_contacts(role_key: str, at: dt.datetime | None = None) -> list[Any]:
    """The commanders' fallback list: whoever is on call as Incident Commander, else every
    active commander who can be paged, by name."""
    if role_key != RoleKey.INCIDENT_COMMANDER:
        commander = on_call_user(RoleKey.INCIDENT_COMMANDER.value, at)
        if commander is not None:
            return [commander]
    commanders = (
        get_user_model()
        .objects.filter(groups__name=COMMANDER, is_active=True)
        .select_related("profile")
        .order_by("first_name", "username")
    )
    return [c for c in commanders if can_be_paged(c, getattr(c, "profile", None))]


def roster_covers(role_key: str, start: dt.datetime, end: dt.datetime) -> list[Cover]:
    shifts = OnCallShift.objects.filter(role__key=role_key, starts_at__lt=end).exclude(
        ends_at__lte=start
    )
    return [
        Cover(s.starts_at, s.ends_at or FOREVER, s.user_id, s.pk)
        for s in shifts.only("starts_at", "ends_at", "user_id")
    ]


def deactivated_among(user_ids: set[int]) -> set[int]:
    """Which of these people's accounts are deactivated (one query, none for nobody)."""
    if not user_ids:
        return set()
    found = get_user_model().objects.filter(pk__in=user_ids, is_active=False)
    return set(found.values_list("pk", flat=True))


def resolve_active(
    plan: RolePlan, start: dt.datetime, end: dt.datetime, roster: list[Cover]
) -> list[Segment]:
    """resolve() with the deactivated accounts skipped as paging skips them (on_call_user):
    what every timeline, gap, hand-off, preview and calendar feed shows."""
    people = {user_id for layer in plan.layers for user_id in layer.user_ids}
    people |= {cover.user_id for cover in (*plan.overrides, *roster)}
    return resolve(plan, start, end, roster, inactive=deactivated_among(people))


def role_timeline(role_key: str, start: dt.datetime, end: dt.datetime) -> list[Segment]:
    """Who is on call for a role over [start, end), as segments (gaps have no user)."""
    plan = plan_covering(start)
    return resolve_active(plan.for_role(role_key), start, end, roster_covers(role_key, start, end))


def paging_role_keys() -> list[str]:
    return list(getattr(settings, "SCHEDULE_PAGING_ROLES", []))


def coverage_gaps(
    start: dt.datetime | None = None, horizon: dt.timedelta = HORIZON
) -> list[tuple[str, Segment]]:
    """Every stretch of the next two weeks where a paging role has nobody on call, as
    (role key, segment)."""
    start = start or timezone.now()
    keys = set(Role.objects.filter(key__in=paging_role_keys()).values_list("key", flat=True))
    return [
        (key, segment)
        for key in paging_role_keys()
        if key in keys
        for segment in role_timeline(key, start, start + horizon)
        if segment.user_id is None
    ]


def shifts_of(user_id: int, start: dt.datetime, end: dt.datetime) -> list[tuple[str, Segment]]:
    """A person's on-call stretches over [start, end) in every role, as (role key, segment),
    soonest first."""
    mine = [
        (key, segment)
        for key in Role.objects.values_list("key", flat=True)
        for segment in role_timeline(key, start, end)
        if segment.user_id == user_id
    ]
    return sorted(mine, key=lambda item: item[1].start)
