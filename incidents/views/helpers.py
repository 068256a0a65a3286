"""View helpers every app's views share (no view module imports another's)."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from ..forms import AssignRoleForm, NoteForm, ReasonForm, SeverityForm
from ..lifecycle import available_actions
from ..models import Incident
from ..panels import incident_panels
from ..selectors import incident_for_page, incident_timeline, next_clock, role_holders
from ..timeline_view import FILTERS, chosen_filter, timeline_items


def render_page_or_partial(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    """The view, not the client, decides: HTMX gets the named partial, others the page."""
    name = f"{template}#{partial}" if getattr(request, "htmx", False) else template
    return render(request, name, context, **kwargs)


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def acting_user(request: HttpRequest) -> User:
    """The signed-in user; every view using it is behind login_required."""
    return cast(User, request.user)


def form_errors_text(form: forms.Form) -> str:
    return "; ".join(str(error) for errors in form.errors.values() for error in errors)


def load_incident(pk: int) -> Incident:
    """The incident as its page shows it, or 404."""
    try:
        return incident_for_page(pk)
    except Incident.DoesNotExist:
        raise Http404 from None


def incident_page_context(request: HttpRequest, incident: Incident, **extra: Any) -> dict[str, Any]:
    timeline_filter = chosen_filter(request)
    context: dict[str, Any] = {
        "incident": incident,
        "timeline": timeline_items(incident_timeline(incident), timeline_filter),
        "timeline_filter": timeline_filter,
        "timeline_filters": FILTERS,
        "next_clock": next_clock(incident),
        "role_holders": role_holders(incident),
        "actions": [
            t for t in available_actions(incident.status) if request.user.has_perm(t.permission)
        ],
        "severity_form": SeverityForm(initial={"severity": incident.severity}),
        "role_form": AssignRoleForm(),
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "now": timezone.now(),
    }
    context.update(extra)
    context["panels"] = incident_panels(request, incident)
    return context


def respond_after_change(
    request: HttpRequest, incident: Incident, error: str = "", status: int = 200, **forms: Any
) -> HttpResponse:
    """After a change on the incident page (any app's panel): HTMX gets the refreshed
    incident-main partial; a plain form post is redirected back."""
    if getattr(request, "htmx", False):
        context = incident_page_context(request, load_incident(incident.pk), error=error, **forms)
        return render(request, "incidents/detail.html#incident-main", context, status=status)
    if error:
        messages.error(request, error)
    return redirect(safe_next(request, reverse("incidents:detail", args=[incident.pk])))
