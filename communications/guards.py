"""Transition guard (settings.INCIDENT_TRANSITION_GUARDS): an incident whose stakeholders
were told about it closes only after they were told it is resolved, or with a
commander's waiver and its reason."""

from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Incident

from .models import IncidentComms, SentCommunication, TemplateKind


def resolved_notice_gate(incident: Incident, action: str, by: Actor) -> None:
    if action != "close":
        return
    sent = set(SentCommunication.objects.filter(incident=incident).values_list("kind", flat=True))
    if not sent or TemplateKind.RESOLVED in sent:
        return
    waived = IncidentComms.objects.filter(
        incident=incident, resolved_notice_waived_at__isnull=False
    ).exists()
    if not waived:
        raise IncidentActionError(
            _(
                "Stakeholders were told about this incident: send them the resolved notice "
                "before closing it, or ask an incident commander to waive it with a reason."
            )
        )
