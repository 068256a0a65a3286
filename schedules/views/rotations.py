from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.access import permission_required
from incidents.bidi import naming
from incidents.models import Role
from incidents.views.helpers import acting_user

from .. import services
from ..display import stretches
from ..errors import ScheduleError
from ..forms import RotationForm
from ..models import Rotation
from ..preview import preview_rotation
from ..validation import check_rotation

FIELDS: tuple[str, ...] = ("name", "layer", "length", "length_hours", "handoff_time")
FIELDS = (*FIELDS, "timezone", "start_date", "restriction")


@login_required
@permission_required("schedules.manage_schedule")
def rotation_new(request: HttpRequest, role_key: str) -> HttpResponse:
    role = get_object_or_404(Role, key=role_key)
    return _rotation_page(request, role, None)


@login_required
@permission_required("schedules.manage_schedule")
def rotation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(Rotation.objects.select_related("role"), pk=pk)
    return _rotation_page(request, rotation.role, rotation)


def _rotation_page(request: HttpRequest, role: Role, rotation: Rotation | None) -> HttpResponse:
    """GET: the form. POST action=preview (HTMX on every change, or the button): the next
    14 days with this layer. POST action=save: save it, or the form again with errors."""
    if request.method != "POST":
        form = RotationForm.for_rotation(rotation) if rotation else RotationForm()
        return _render(request, role, rotation, form, None)
    form = RotationForm(request.POST)
    preview = None
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FIELDS}
        members = form.members()
        try:
            if request.POST.get("action") == "save":
                saved = services.rotation_save(
                    role=role,
                    members=members,
                    by=acting_user(request),
                    rotation=rotation,
                    zone=fields.pop("timezone"),
                    **fields,
                )
                messages.success(request, naming(_("Rotation “%(name)s” saved."), name=saved.name))
                return redirect(reverse("schedules:role", args=[role.key]))
            check_rotation(
                members=members,
                length=fields["length"],
                length_hours=fields["length_hours"],
                handoff_time=fields["handoff_time"],
                zone=fields["timezone"],
                start_date=fields["start_date"],
            )
            preview = stretches(
                preview_rotation(
                    role,
                    members=members,
                    fields=fields,
                    rotation_id=rotation.pk if rotation else None,
                )
            )
        except ScheduleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            if error.suggestion is not None:  # offered in the field, said in the error
                data = request.POST.copy()
                data["handoff_time"] = error.suggestion.strftime("%H:%M")  # type: ignore[attr-defined]
                form.data = data
    return _render(request, role, rotation, form, preview)


def _render(
    request: HttpRequest, role: Role, rotation: Rotation | None, form: RotationForm, preview: Any
) -> HttpResponse:
    context = {"role": role, "rotation": rotation, "form": form, "preview": preview}
    if getattr(request, "htmx", False) and request.method == "POST":
        return render(request, "schedules/rotation_form.html#preview", context)
    status = 400 if form.errors else 200
    return render(request, "schedules/rotation_form.html", context, status=status)


@login_required
@permission_required("schedules.manage_schedule")
@require_POST
def rotation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(Rotation.objects.select_related("role"), pk=pk)
    role_key = rotation.role.key
    services.rotation_delete(rotation=rotation, by=acting_user(request))
    messages.success(request, _("Rotation deleted."))
    return redirect(reverse("schedules:role", args=[role_key]))
