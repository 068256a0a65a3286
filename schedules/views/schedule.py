from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from incidents.access import permission_required
from incidents.models import Role
from incidents.views.helpers import acting_user

from ..display import stretches
from ..forms import OverrideForm
from ..models import CalendarFeed
from ..role_page import role_page
from ..selectors import HORIZON, coverage_gaps, on_call_user, shifts_of


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
    form = extra.pop("override_form", None) or OverrideForm()
    can_manage = request.user.has_perm("schedules.manage_schedule")
    viewer = request.user.pk
    page = role_page(role, now, can_cancel=lambda o: can_manage or o.created_by_id == viewer)
    everyone = page.pop("everyone")
    context = {
        "role": role,
        "now": now,
        **page,
        "override_form": form,
        "user_options": form.user_options(everyone),
        "can_manage": can_manage,
    }
    context.update(extra)
    return context


@login_required
@permission_required("schedules.view_rotation")
def role_schedule(request: HttpRequest, role_key: str) -> HttpResponse:
    role = get_object_or_404(Role, key=role_key)
    return render(request, "schedules/role.html", role_page_context(request, role))
