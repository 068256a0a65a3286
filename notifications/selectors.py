"""Reads for pages: one query whatever the number of rows."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from incidents.models import Incident

from .models import Notification


def paging_log(incident: Incident) -> QuerySet[Notification]:
    """Every message about an incident, oldest first, with its recipient."""
    return (
        Notification.objects.filter(incident=incident)
        .select_related("user")
        .order_by("created_at", "stage", "id")
    )


def paged_incidents(user: Any) -> Q:
    """settings.INCIDENT_PARTICIPANT_FILTERS: whoever was paged about an incident takes part."""
    paged = Notification.objects.filter(incident=OuterRef("pk"), user=user).order_by()
    return Q(Exists(paged))
