from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.access import permission_required
from incidents.models import Role
from incidents.views.helpers import acting_user

from .. import services
from ..display import stretches
from ..errors import ScheduleError
from ..forms import OverrideForm
from ..models import Override
from ..preview import preview_override
from .schedule import role_page_context


@login_required
@permission_required("schedules.add_override")
@require_POST
def override_new(request: HttpRequest, role_key: str) -> HttpResponse:
    """Preview (HTMX on every change, or the Preview button) or save an override."""
    role = get_object_or_404(Role, key=role_key)
    form = OverrideForm(request.POST)
    preview = None
    if form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            try:
                services.override_create(
                    role=role,
                    user=data["user"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    note=data["note"],
                    by=acting_user(request),
                )
            except ScheduleError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Override saved: both people were told."))
                return redirect(reverse("schedules:role", args=[role.key]))
        if not form.errors and data["ends_at"] > data["starts_at"]:
            preview = stretches(
                preview_override(
                    role, user=data["user"], starts_at=data["starts_at"], ends_at=data["ends_at"]
                )
            )
    if getattr(request, "htmx", False):  # the preview alone: nothing else of the page
        context = {"role": role, "override_form": form, "override_preview": preview}
        return render(request, "schedules/role.html#override-preview", context)
    context = role_page_context(request, role, override_form=form, override_preview=preview)
    return render(request, "schedules/role.html", context, status=400 if form.errors else 200)


@login_required
@permission_required("schedules.add_override")
@require_POST
def override_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(Override.objects.select_related("role"), pk=pk)
    try:
        services.override_cancel(override=override, by=acting_user(request))
    except ScheduleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Override cancelled."))
    return redirect(reverse("schedules:role", args=[override.role.key]))
