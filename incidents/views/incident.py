from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from .. import services
from ..access import check_perm, permission_required
from ..errors import IncidentActionError
from ..forms import (
    AssignRoleForm,
    DeclareIncidentForm,
    NoteForm,
    ReasonForm,
    SeverityForm,
    UnassignRoleForm,
)
from ..lifecycle import TRANSITIONS
from ..models import Incident
from ..panels import dashboard_markers
from ..role_services import incident_unassign_role
from ..selectors import dashboard_incidents, dashboard_rows
from ..visibility import visible_incident
from .helpers import (
    acting_user,
    form_errors_text,
    incident_page_context,
    load_incident,
    render_page_or_partial,
    respond_after_change,
)


@login_required
@permission_required("incidents.add_incident")
def declare(request: HttpRequest) -> HttpResponse:
    form = DeclareIncidentForm(request.POST or None)
    # Other apps add fields: Form classes (data, *, user=...) rendering their own HTML.
    data = request.POST if request.method == "POST" else request.GET
    extra_paths = getattr(settings, "INCIDENT_DECLARE_FORM_EXTRAS", [])
    extras = [import_string(path)(data, user=request.user) for path in extra_paths]
    if request.method == "POST" and form.is_valid() and all(e.is_valid() for e in extras):
        extra = {name: value for e in extras for name, value in e.cleaned_data.items()}
        incident = services.incident_declare(
            by=acting_user(request), extra=extra, **form.cleaned_data
        )
        messages.success(request, f"{incident.reference} · {incident.title}")
        return redirect("incidents:detail", pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "form_extras": extras}
    return render(request, "incidents/declare.html", context, status=status)


@login_required
@permission_required("incidents.view_incident")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = visible_incident(request, pk, for_page=True)
    return render_page_or_partial(
        request, "incidents/detail.html", "incident-main", incident_page_context(request, incident)
    )


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in TRANSITIONS:
        raise Http404
    check_perm(request.user, TRANSITIONS[action].permission)
    incident = visible_incident(request, pk)
    form = ReasonForm(request.POST) if TRANSITIONS[action].needs_reason else None
    error = ""
    if form is not None and not form.is_valid():
        error = str(form.errors["reason"][0])
    else:
        try:
            services.incident_transition(
                incident=incident,
                action=action,
                by=acting_user(request),
                reason=form.cleaned_data["reason"] if form else "",
            )
        except IncidentActionError as exc:
            error = exc.messages[0]
    if getattr(request, "htmx", False) and request.htmx.target == f"incident-{pk}":  # type: ignore[attr-defined]
        # The dashboard's Acknowledge button: its row comes back.
        row = dashboard_incidents(request.user).filter(pk=pk).first() or load_incident(pk)
        dashboard_rows([row])
        dashboard_markers(request, [row])
        context = {
            "incident": row,
            "row_error": error,
            "now": timezone.now(),
            "can_acknowledge": request.user.has_perm("incidents.acknowledge_incident"),
        }
        return render(request, "incidents/dashboard.html#incident-row", context)
    return respond_after_change(request, incident, error, reason_form=form or ReasonForm())


def _run_form_action(
    request: HttpRequest, incident: Incident, form: Any, service: Callable[..., object]
) -> str:
    """Validate the form and call the service with its data; the error to show, if any."""
    if not form.is_valid():
        return form_errors_text(form)
    try:
        service(incident=incident, by=acting_user(request), **form.cleaned_data)
    except IncidentActionError as exc:
        return str(exc.messages[0])
    return ""


@login_required
@require_POST
def change_severity(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, "incidents.change_severity")
    incident = visible_incident(request, pk)
    form = SeverityForm(request.POST)
    error = _run_form_action(request, incident, form, services.incident_change_severity)
    return respond_after_change(request, incident, error, severity_form=form)


@login_required
@require_POST
def assign_role(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, "incidents.assign_role")
    incident = visible_incident(request, pk)
    form = AssignRoleForm(request.POST)
    error = _run_form_action(request, incident, form, services.incident_assign_role)
    return respond_after_change(request, incident, error, role_form=form)


@login_required
@require_POST
def unassign_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a role away from its holder (the "Remove" beside each holder): the same
    permission as assigning one."""
    check_perm(request.user, "incidents.assign_role")
    incident = visible_incident(request, pk)
    form = UnassignRoleForm(request.POST)
    error = _run_form_action(request, incident, form, incident_unassign_role)
    return respond_after_change(request, incident, error)


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, "incidents.add_note")
    incident = visible_incident(request, pk)
    form = NoteForm(request.POST)
    error = ""
    if form.is_valid():
        services.incident_add_note(
            incident=incident, text=form.cleaned_data["text"], by=acting_user(request)
        )
        form = NoteForm()
    else:
        error = form_errors_text(form)
    return respond_after_change(request, incident, error, note_form=form)


@login_required
@require_POST
def set_restricted(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, "incidents.restrict_incident")
    incident = visible_incident(request, pk)
    restricted = request.POST.get("restricted") == "on"
    services.incident_set_restricted(
        incident=incident, restricted=restricted, by=acting_user(request)
    )
    return respond_after_change(request, incident)
