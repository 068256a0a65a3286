"""Declare hook (settings.INCIDENT_DECLARE_HOOKS): the stakeholder update clock of a
severity with a cadence (P0/P1: every 30 minutes) runs from the declaration, so the
first notice is due 30 minutes after the incident opened, sent or not."""

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_noop

from incidents.actors import Actor
from incidents.models import Incident, StopsOn
from incidents.services import deadline_set

from .cadence import DEADLINE_KIND, cadence_minutes

FIRST_LABEL = gettext_noop("First stakeholder notice due")


def start_update_clock(*, incident: Incident, data: dict[str, Any], by: Actor) -> None:
    # A scenario attached by an earlier hook may have raised the severity: read it again.
    severity = Incident.objects.values_list("severity", flat=True).get(pk=incident.pk)
    minutes = cadence_minutes(severity)
    if not minutes:
        return
    deadline_set(
        incident=incident,
        kind=DEADLINE_KIND,
        due_at=incident.opened_at + timedelta(minutes=minutes),
        stops_on=StopsOn.RESOLVE,
        data={"label": FIRST_LABEL, "first": True},
    )
