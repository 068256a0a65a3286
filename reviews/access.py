"""Who may do what with reviews (settings.GROUP_PERMISSIONS): managers read everything,
approve and publish; commanders and responders write the reviews and action items of
incidents they took part in; everyone sees their own action items."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from incidents.access import COMMANDER, MANAGER, RESPONDER, AppPermissions, check_perm
from incidents.models import Incident, IncidentRoleAssignment, TimelineEvent

VIEW = "reviews.view_review"
WRITE = "reviews.write_review"
REQUEST = "reviews.request_review"
APPROVE = "reviews.approve_review"
REPORTS = "reviews.view_reports"

PERMISSIONS = AppPermissions(
    groups={
        RESPONDER: [VIEW, WRITE],
        COMMANDER: [VIEW, WRITE, REQUEST],
        MANAGER: [VIEW, APPROVE, REPORTS, "incidents.view_incident"],
    },
    why={
        VIEW: _("Only the incident team and managers can read reviews."),
        WRITE: _("Only responders and commanders write reviews and action items."),
        REQUEST: _("Only incident commanders can ask for a review."),
        APPROVE: _("Only managers approve and publish reviews."),
        REPORTS: _("Only managers can see the manager's console."),
    },
)

NOT_PART_OF_IT = _("You can write only the reviews of incidents you took part in.")


def took_part(user: Any, incident: Incident) -> bool:
    """Held a role on the incident, acted on its timeline, or owns its review."""
    if user.is_superuser:
        return True
    if IncidentRoleAssignment.objects.filter(incident=incident, user=user).exists():
        return True
    if TimelineEvent.objects.filter(incident=incident, actor=user).exists():
        return True
    return incident.__class__.objects.filter(
        Q(pk=incident.pk) & (Q(review__owner=user) | Q(review__action_items__owner=user))
    ).exists()


def can_write(user: Any, incident: Incident) -> bool:
    return bool(user.has_perm(WRITE)) and took_part(user, incident)


def check_write(user: Any, incident: Incident) -> None:
    check_perm(user, WRITE)
    if not took_part(user, incident):
        raise PermissionDenied(NOT_PART_OF_IT)
