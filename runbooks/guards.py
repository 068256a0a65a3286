"""Transition guard (settings.INCIDENT_TRANSITION_GUARDS): no resolve before verification."""

from django.utils.translation import ngettext

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Incident

from .models import IncidentRunbook
from .selectors import verification_left


def verification_gate(incident: Incident, action: str, by: Actor) -> None:
    if action != "resolve":
        return
    runbook = IncidentRunbook.objects.filter(incident_id=incident.pk).first()
    if runbook is None or runbook.verification_waived_at is not None:
        return
    left = verification_left(runbook)
    if left:
        count = len(left)
        raise IncidentActionError(
            ngettext(
                "The verification is not done: %(n)d step left (“%(first)s”). "
                "Complete it, or ask an incident commander to waive it with a reason.",
                "The verification is not done: %(n)d steps left (first: “%(first)s”). "
                "Complete them, or ask an incident commander to waive it with a reason.",
                count,
            )
            % {"n": count, "first": left[0].text}
        )
