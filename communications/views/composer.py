"""The composer on the incident page: fill in a template, edit, preview, send.

One view: GET shows it filled in; POST with action=fill refills from the
template, no action (or preview) previews what is typed, action=send sends
exactly what was previewed. HTMX gets the panel, a plain browser the page."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from incidents.access import check_perm
from incidents.models import Incident
from incidents.views.helpers import acting_user, respond_after_change
from incidents.visibility import visible_incident

from ..composer import SEND_PERM, composer_context, fill
from ..forms import ComposerForm
from ..services import CommsError, comms_state_update, communication_send


def _respond(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = render(request, "communications/_composer.html", context, status=200)
        if request.POST.get("action") == "send":
            response["HX-Retarget"] = "#comms-panel"
            response["HX-Reselect"] = "#comms-panel"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "communications/compose_page.html", context, status=status)


@login_required
def compose(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, SEND_PERM)
    incident = visible_incident(request, pk)
    if request.method != "POST":
        return _respond(request, composer_context(request, incident))
    form = ComposerForm(request.POST)
    action = request.POST.get("action") or "preview"
    if not form.is_valid():
        return _respond(request, composer_context(request, incident, form), status=400)
    data = form.cleaned_data
    if action == "fill":
        return _refill(request, incident, form)
    if action != "send":
        return _respond(request, composer_context(request, incident, form))
    if request.POST.get("previewed") != form.digest():
        error = _("The text changed since the preview: check the preview below, then send.")
        return _respond(request, composer_context(request, incident, form, errors=[error]), 409)
    try:
        sent = communication_send(
            incident=incident,
            by=acting_user(request),
            token=data["token"] or uuid.uuid4().hex,
            kind=data["kind"],
            language=data["language"],
            texts=form.texts(),
            audiences=data["audiences"],
            facts=_facts(data),
        )
    except CommsError as exc:
        context = composer_context(request, incident, form, errors=exc.messages)
        return _respond(request, context, status=400)
    if getattr(request, "htmx", False):
        return respond_after_change(request, incident)  # the refreshed incident panel
    count = sum(len(v) for v in sent.recipients.values())
    messages.success(
        request, _("Sent to %(count)s recipients and put on the timeline.") % {"count": count}
    )
    return redirect(reverse("incidents:detail", args=[incident.pk]) + "#comms-panel")


def _facts(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("impact", "forecast", "public", "public_title")}


def _refill(request: HttpRequest, incident: Incident, form: ComposerForm) -> HttpResponse:
    data = form.cleaned_data
    state = comms_state_update(incident=incident, by=acting_user(request), **_facts(data))
    rendered, problems = fill(
        incident, data["kind"], data["language"], data["impact"], data["forecast"]
    )
    fresh = request.POST.copy()
    fresh["public_title"] = state.public_title
    if rendered is not None:
        for part, text in rendered.texts().items():
            fresh[part] = text  # replaces what was typed (QueryDict.update would append)
    refilled = ComposerForm(fresh)
    return _respond(request, composer_context(request, incident, refilled, errors=problems))
