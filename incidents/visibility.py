"""Who may see which incident: the ONE place restricted (security) incidents are decided.

A restricted incident is seen only by those with ``incidents.view_restricted_incident``
(commanders, managers) and by the people taking part in it: whoever opened it, held a role
on it, did anything on its timeline (acknowledged, noted, ticked a step...), or what another
app says (settings.INCIDENT_PARTICIPANT_FILTERS,
callables ``(user) -> Q`` on Incident, e.g. "was paged about it").

Every view that takes an incident id reads it with ``visible_incident(request, pk)``; every
list of incidents starts from ``Incident.objects.visible_to(user)``. Outsiders get a 404
that names nothing but the number.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from .models import Incident
from .models.incident import VIEW_RESTRICTED_PERM, participant_filter
from .selectors import incident_for_page

__all__ = ["can_see", "outsider_view", "participant_filter", "sees_restricted", "visible_incident"]


def sees_restricted(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(VIEW_RESTRICTED_PERM))


def can_see(user: Any, incident: Incident) -> bool:
    """Whether this user may see this incident (one query at most)."""
    if not incident.restricted or sees_restricted(user):
        return True
    return Incident.objects.visible_to(user).filter(pk=incident.pk).exists()


def visible_incident(request: HttpRequest, pk: int, *, for_page: bool = False) -> Incident:
    """The incident ``pk`` if the signed-in user may see it, else 404: one query, and the
    same answer whether it does not exist or is restricted. ``for_page`` loads it as the
    incident page shows it (roles, deadlines)."""
    visible = Incident.objects.visible_to(request.user)
    try:
        return incident_for_page(pk, visible) if for_page else visible.get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404(_("INC-%(pk)s does not exist or is restricted.") % {"pk": pk}) from None


def outsider_view(user: Any, incident: Incident) -> bool:
    """True when this user is outside a restricted incident: show its number only."""
    return bool(incident.restricted) and not can_see(user, incident)
