"""The checks every schedule change passes before anything is written."""

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from incidents.bidi import naming
from incidents.models import Profile, Role

from .errors import ScheduleError
from .layers import exists, next_valid
from .models import Length


def can_be_paged(user: Any, profile: Profile | None) -> bool:
    """Whether any paging channel has an address for this person."""
    return bool(user.email or (profile and (profile.phone.strip() or profile.slack_handle.strip())))


def check_pageable(role: Role, users: Sequence[Any], field: str) -> None:
    if role.key not in getattr(settings, "SCHEDULE_PAGING_ROLES", []):
        return
    profiles = {p.user_id: p for p in Profile.objects.filter(user__in=users)}
    for user in users:
        if not can_be_paged(user, profiles.get(user.pk)):
            raise ScheduleError(
                naming(
                    _(
                        "%(name)s cannot be paged (no email, phone or Slack handle): add a "
                        "channel to their profile before putting them on %(role)s."
                    ),
                    name=user.get_full_name() or user.get_username(),
                    role=role.name,
                ),
                field=field,
            )


def check_rotation(
    *,
    members: Sequence[Any],
    length: str,
    length_hours: int | None,
    handoff_time: dt.time,
    zone: str,
    start_date: dt.date,
) -> None:
    if not members:
        raise ScheduleError(_("A rotation needs at least one person."), field="members")
    if len({m.pk for m in members}) != len(members):
        raise ScheduleError(_("Each person appears once in a rotation."), field="members")
    if length == Length.HOURS and not (length_hours and 1 <= length_hours <= 24 * 28):
        raise ScheduleError(_("Give the turn length in hours (1 to 672)."), field="length_hours")
    naive = dt.datetime.combine(start_date, handoff_time)
    if not exists(naive, ZoneInfo(zone)):
        suggestion = next_valid(naive, ZoneInfo(zone)).time()
        raise ScheduleError(
            _(
                "%(time)s does not exist on %(day)s in %(zone)s (the clocks jump over it). "
                "The next valid time, %(next)s, is filled in instead."
            )
            % {
                "time": handoff_time.strftime("%H:%M"),
                "day": start_date.strftime("%d/%m/%Y"),
                "zone": zone,
                "next": suggestion.strftime("%H:%M"),
            },
            field="handoff_time",
            suggestion=suggestion,
        )


def check_override(*, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ScheduleError(_("The override must end after it starts."), field="ends_at")
    if ends_at <= now:
        raise ScheduleError(_("The override lies wholly in the past."), field="ends_at")
