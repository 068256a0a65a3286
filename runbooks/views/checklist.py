"""The runbook panel's forms. Each parses, checks permission, calls one service."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.access import check_perm
from incidents.errors import IncidentActionError
from incidents.models import Incident
from incidents.views.helpers import acting_user, respond_after_change
from incidents.visibility import visible_incident

from .. import services
from ..models import Scenario, StepState


def _act(request: HttpRequest, pk: int, perm: str, call: Callable[[Incident], Any]) -> HttpResponse:
    check_perm(request.user, "incidents.view_incident")
    check_perm(request.user, perm)
    incident = visible_incident(request, pk)
    error = ""
    try:
        call(incident)
    except IncidentActionError as exc:
        error = exc.messages[0]
    return respond_after_change(request, incident, error)


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        value = request.POST.get("scenario", "")
        scenario = Scenario.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if scenario is None:
            raise IncidentActionError(_("Choose a scenario."))
        services.scenario_attach(incident=incident, scenario=scenario, by=acting_user(request))

    return _act(request, pk, "runbooks.attach_scenario", call)


@login_required
@require_POST
def step_mark(request: HttpRequest, pk: int, step: int, state: str) -> HttpResponse:
    if state not in StepState.values:
        raise Http404

    def call(incident: Incident) -> None:
        services.step_mark(
            incident=incident,
            step=step,
            state=state,
            by=acting_user(request),
            reason=request.POST.get("reason", ""),
        )

    return _act(request, pk, "runbooks.tick_step", call)


@login_required
@require_POST
def step_reopen(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        services.step_reopen(incident=incident, step=step, by=acting_user(request))

    return _act(request, pk, "runbooks.tick_step", call)


@login_required
@require_POST
def run_check(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        services.health_check_run(incident=incident, step=step, by=acting_user(request))

    return _act(request, pk, "runbooks.run_check", call)


@login_required
@require_POST
def waive_verification(request: HttpRequest, pk: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        reason = request.POST.get("reason", "")
        services.verification_waive(incident=incident, by=acting_user(request), reason=reason)

    return _act(request, pk, "runbooks.waive_verification", call)


@login_required
@require_POST
def confirm_rollback(request: HttpRequest, pk: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        reason = request.POST.get("reason", "")
        services.rollback_confirm(incident=incident, by=acting_user(request), reason=reason)

    return _act(request, pk, "runbooks.confirm_rollback", call)


@login_required
@require_POST
def personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        answer = request.POST.get("affected", "")
        if answer not in ("yes", "no"):
            raise IncidentActionError(_("Answer yes or no."))
        services.personal_data_answer(
            incident=incident, affected=answer == "yes", by=acting_user(request)
        )

    return _act(request, pk, "runbooks.answer_personal_data", call)
