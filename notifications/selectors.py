"""Reads for pages: one query whatever the number of rows."""

from django.db.models import QuerySet

from incidents.models import Incident

from .models import Notification


def paging_log(incident: Incident) -> QuerySet[Notification]:
    """Every message about an incident, oldest first, with its recipient."""
    return (
        Notification.objects.filter(incident=incident)
        .select_related("user")
        .order_by("created_at", "stage", "id")
    )
