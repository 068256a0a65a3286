from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from incidents.access import permission_required
from incidents.models import Role
from incidents.views.helpers import acting_user

from ..display import stretches
from ..events import LABELS
from ..forms import OverrideForm
from ..models import CalendarFeed, Override, Rotation, ScheduleEvent
from ..selectors import HORIZON, coverage_gaps, on_call_user, role_timeline, shifts_of

SHOWN_OVERRIDES = 30  # the timeline shows them all; the list, the soonest


@login_required
@permission_required("schedules.view_rotation")
def schedules_index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    roles = list(Role.objects.order_by("order"))
    user = acting_user(request)
    feed = CalendarFeed.objects.filter(user=user).first()
    context = {
        "now": now,
        "roles": [(role, on_call_user(role.key, now)) for role in roles],
        "my_shifts": stretches_by_role(shifts_of(user.pk, now, now + HORIZON), roles),
        "feed": feed,
        "gaps": len(coverage_gaps(now)),
    }
    return render(request, "schedules/index.html", context)


def stretches_by_role(items, roles):  # type: ignore[no-untyped-def]
    names = {role.key: role for role in roles}
    shown = stretches([segment for _key, segment in items])
    return [(names[key], stretch) for (key, _s), stretch in zip(items, shown, strict=True)]


def role_page_context(request: HttpRequest, role: Role, **extra):  # type: ignore[no-untyped-def]
    now = timezone.now()
    context = {
        "role": role,
        "now": now,
        "timeline": stretches(role_timeline(role.key, now, now + HORIZON)),
        "rotations": Rotation.objects.filter(role=role).prefetch_related("members__user"),
        "overrides": list(
            Override.objects.filter(
                role=role, cancelled_at__isnull=True, ends_at__gt=now, starts_at__lt=now + HORIZON
            )
            .select_related("user", "replaces", "created_by")
            .order_by("starts_at", "id")[:SHOWN_OVERRIDES]
        ),
        "events": labelled(ScheduleEvent.objects.filter(role=role).select_related("actor")[:20]),
        "override_form": extra.pop("override_form", None) or OverrideForm(),
        "can_manage": request.user.has_perm("schedules.manage_schedule"),
    }
    context.update(extra)
    return context


def labelled(events):  # type: ignore[no-untyped-def]
    events = list(events)
    for event in events:
        event.label = LABELS.get(event.kind, event.kind)
    return events


@login_required
@permission_required("schedules.view_rotation")
def role_schedule(request: HttpRequest, role_key: str) -> HttpResponse:
    role = get_object_or_404(Role, key=role_key)
    return render(request, "schedules/role.html", role_page_context(request, role))
