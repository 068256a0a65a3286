from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from incidents.models import Incident
from runbooks.models import IncidentRunbook

from .models import Alert, AlertGroup, Integration

RECENT_ALERTS = 20


def integrations_for_list() -> QuerySet[Integration]:
    return Integration.objects.annotate(
        last_received_at=Max("groups__last_seen_at"),
        open_groups=Count("groups", filter=Q(groups__is_open=True)),
    ).order_by("name")


def recent_alerts(integration: Integration, user: Any) -> list[Alert]:
    """The last alerts received, newest first, with their incidents (one query); those of
    restricted incidents the user does not take part in are left out."""
    return list(
        Alert.objects.filter(
            integration=integration, group__incident__in=Incident.objects.visible_to(user)
        )
        .select_related("group__incident")
        .order_by("-received_at")[:RECENT_ALERTS]
    )


def alert_group_of(incident: Incident) -> AlertGroup | None:
    return (
        AlertGroup.objects.select_related("integration", "previous__incident")
        .prefetch_related("alerts")
        .filter(incident=incident)
        .first()
    )


def groups_for_dashboard(incident_ids: list[int]) -> list[AlertGroup]:
    """The alert groups of these incidents, each with `has_scenario` (one query)."""
    attached = IncidentRunbook.objects.filter(incident_id=OuterRef("incident_id"))
    return list(
        AlertGroup.objects.filter(incident_id__in=incident_ids)
        .only("incident_id", "count", "alerts_resolved_at")
        .annotate(has_scenario=Exists(attached))
    )


def has_scenario(incident: Incident) -> bool:
    return IncidentRunbook.objects.filter(incident=incident).exists()


def next_group_of(group: AlertGroup) -> AlertGroup | None:
    """The group (and incident) opened when this one's alert fired again after it closed."""
    return AlertGroup.objects.select_related("incident").filter(previous=group).first()
