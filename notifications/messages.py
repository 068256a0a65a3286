"""The words of a page, in the recipient's language."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Incident, RoleKey

REASONS = {
    "sla_breached": gettext_lazy("acknowledge SLA breached"),
    "declared": gettext_lazy("incident declared"),
    "commander_at_open": gettext_lazy("P0: Incident Commander joins at once"),
    "manual": gettext_lazy("paged by a person"),
}


def reason_label(reason: str) -> str:
    """A stored reason slug (possibly 'kind:detail') as words."""
    head = reason.split(":", 1)[0]
    if head in REASONS:
        return str(REASONS[head])
    if head in RoleKey.values:
        return str(RoleKey(head).label)
    return reason


def incident_url(incident: Incident) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("incidents:detail", args=[incident.pk])


def user_language(user: Any) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE


def page_message(*, incident: Incident, user: Any, reason: str) -> tuple[str, str]:
    """(subject, body) for paging one person; the body suits every channel."""
    with translation.override(user_language(user)):
        subject = _("[%(sev)s] %(ref)s: %(title)s") % {
            "sev": incident.severity,
            "ref": incident.reference,
            "title": incident.title,
        }
        body = _(
            "You are paged on %(ref)s (%(sev)s) %(title)s. Reason: %(reason)s. Open: %(url)s"
        ) % {
            "ref": incident.reference,
            "sev": incident.severity,
            "title": incident.title,
            "reason": reason_label(reason),
            "url": incident_url(incident),
        }
    return subject, body
