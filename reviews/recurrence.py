"""How often an incident's problem occurred: settings.REVIEW_RECURRENCE_COUNTERS lists
callables (incident, since) -> int | None, the incidents since `since` that share
something with it (its scenario here; an alert fingerprint where alerts exist), this one
included. The rule takes the largest count."""

from datetime import datetime

from alerts.models import AlertGroup
from incidents.models import Incident
from runbooks.models import IncidentRunbook


def same_scenario(incident: Incident, since: datetime) -> int | None:
    scenario_id = (
        IncidentRunbook.objects.filter(incident=incident).values_list("scenario_id", flat=True)
    ).first()
    if scenario_id is None:
        return None
    others = (
        IncidentRunbook.objects.filter(scenario_id=scenario_id, incident__opened_at__gte=since)
        .exclude(incident=incident)
        .count()
    )
    return others + 1


def same_alert(incident: Incident, since: datetime) -> int | None:
    """Incidents opened by the same alert (one integration's dedup key: the alert's
    fingerprint, or its group key), this one included."""
    group = (
        AlertGroup.objects.filter(incident=incident).values("integration_id", "dedup_key").first()
    )
    if group is None:
        return None
    others = (
        AlertGroup.objects.filter(**group, incident__opened_at__gte=since)
        .exclude(incident=incident)
        .count()
    )
    return others + 1
