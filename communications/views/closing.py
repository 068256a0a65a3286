"""A commander's waiver of the resolved notice, so an incident can close without it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from incidents.access import check_perm
from incidents.errors import IncidentActionError
from incidents.models import Incident
from incidents.views.helpers import acting_user, respond_after_change

from ..composer import SEND_PERM
from ..services import resolved_notice_waive


@login_required
@require_POST
def waive_resolved_notice(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, "incidents.view_incident")
    check_perm(request.user, SEND_PERM)
    incident = get_object_or_404(Incident, pk=pk)
    error = ""
    try:
        resolved_notice_waive(
            incident=incident, by=acting_user(request), reason=request.POST.get("reason", "")
        )
    except IncidentActionError as exc:
        error = exc.messages[0]
    return respond_after_change(request, incident, error)
