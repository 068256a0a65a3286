"""This app's part of the dashboard (settings.DASHBOARD_PANELS)."""

from django.http import HttpRequest
from django.utils import timezone

from incidents.models import Role
from incidents.panels import Panel
from incidents.views.helpers import acting_user

from .selectors import HORIZON, coverage_gaps, shifts_of


def my_on_call(request: HttpRequest) -> Panel | None:
    """'You are on call' (until when) and 'your next shift', for the person looking."""
    if not request.user.has_perm("schedules.view_rotation"):
        return None
    now = timezone.now()
    mine = shifts_of(acting_user(request).pk, now, now + HORIZON)
    roles = {role.key: role for role in Role.objects.all()}
    current = [(roles[r], s) for r, s in mine if s.start <= now]
    upcoming = [(roles[r], s) for r, s in mine if s.start > now][:1]
    return Panel(
        "schedules/_my_on_call.html", {"on_call_now": current, "next_shift": upcoming}, slot="head"
    )


def coverage_gaps_banner(request: HttpRequest) -> Panel | None:
    """Commanders and managers see every gap of the next two weeks in a paging role."""
    if not request.user.has_perm("schedules.manage_schedule"):
        return None
    gaps = coverage_gaps()
    if not gaps:
        return None
    roles = {role.key: role for role in Role.objects.all()}
    return Panel(
        "schedules/_gaps_banner.html",
        {
            "gaps": [(roles[key], segment) for key, segment in gaps][:5],
            "gap_count": len(gaps),
        },
        slot="head",
    )
