from typing import Any

from django.utils.translation import gettext as _

from incidents.errors import IncidentActionError
from incidents.models import Incident

from ..models import IncidentRunbook, Step


def require_open(incident: Incident) -> None:
    if not incident.is_open:
        raise IncidentActionError(
            _("%(ref)s is %(status)s; reopen it to work on its checklist.")
            % {"ref": incident.reference, "status": incident.get_status_display().lower()}
        )


def runbook_of(incident: Incident) -> IncidentRunbook:
    runbook = (
        IncidentRunbook.objects.select_related("scenario").filter(incident_id=incident.pk).first()
    )
    if runbook is None:
        raise IncidentActionError(_("Attach a scenario to this incident first."))
    return runbook


def step_of(runbook: IncidentRunbook, step_id: Any) -> Step:
    step = Step.objects.filter(pk=step_id, scenario_id=runbook.scenario_id, retired=False).first()
    if step is None:
        raise IncidentActionError(_("That step is not part of this incident's checklist."))
    return step


def clean_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise IncidentActionError(message)
    if len(reason) > 500:
        raise IncidentActionError(_("Keep the reason under 500 characters."))
    return reason
