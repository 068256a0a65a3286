"""The words of a page, in the recipient's language."""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Incident, RoleKey, StopsOn

from .links import ACK_LINK
from .reasons import PageReason, reason_label

# Ours; every app lists its own {slug: PageReason | words} dict in NOTIFICATION_REASONS.
# The First Responder's pages (at open, reopen, SLA breach) and the P0 commander's name
# their role: relieved of it, a person is paged no more for it (notifications.relief).
FIRST_RESPONDER = RoleKey.FIRST_RESPONDER.value
REASONS = {
    "sla_breached": PageReason(
        gettext_lazy("acknowledge SLA breached"), StopsOn.ACKNOWLEDGE, FIRST_RESPONDER
    ),
    "declared": PageReason(gettext_lazy("incident declared"), StopsOn.ACKNOWLEDGE, FIRST_RESPONDER),
    "reopened": PageReason(gettext_lazy("incident reopened"), StopsOn.ACKNOWLEDGE, FIRST_RESPONDER),
    "louder": PageReason(gettext_lazy("still not acknowledged"), StopsOn.ACKNOWLEDGE),
    # The louder steps of an escalation's page: not stopped by the incident's
    # acknowledgement, only by the person's own (notifications.answer) or the resolution.
    "louder_until_answered": PageReason(gettext_lazy("still not acknowledged")),
    "commander_at_open": PageReason(
        gettext_lazy("P0: Incident Commander joins at once"),
        role=RoleKey.INCIDENT_COMMANDER.value,
    ),
    "manual": PageReason(gettext_lazy("paged by a person")),
    "test_page": PageReason(gettext_lazy("test page"), StopsOn.NEVER),
}


def incident_url(incident: Incident) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("incidents:detail", args=[incident.pk])


def _incident_urls() -> Callable[[int], str]:
    """incident_url for many incidents: one reverse() with a marker id, then each id put in."""
    marker = 987654321
    head, found, tail = (
        settings.SITE_URL.rstrip("/") + reverse("incidents:detail", args=[marker])
    ).partition(str(marker))
    if not found:  # a URL pattern that does not show the id as it is
        return lambda pk: settings.SITE_URL.rstrip("/") + reverse("incidents:detail", args=[pk])
    return lambda pk: f"{head}{pk}{tail}"


def user_language(user: Any) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE


class _Wording:
    """The words of a page in the active language, looked up once for many pages."""

    def __init__(self) -> None:
        self.subject = _("[%(sev)s] %(ref)s: %(title)s")
        # The acknowledge link comes early: an SMS cuts what is too long.
        self.body = _(
            "You are paged on %(ref)s (%(sev)s) %(title)s. Acknowledge: %(ack)s "
            "Reason: %(reason)s. Open: %(url)s"
        )
        # A restricted (security) incident: its number and link only, on every channel
        # (the Slack channel is read by people outside it).
        self.restricted_subject = _("%(ref)s (restricted)")
        self.restricted_body = _("You are paged on %(ref)s (restricted). Open: %(url)s")
        self.reasons: dict[str, str] = {}

    def compose(self, incident: Incident, reason: str, url: str) -> tuple[str, str]:
        if incident.restricted:
            values = {"ref": incident.reference, "url": url}
            return self.restricted_subject % values, self.restricted_body % values
        label = self.reasons.get(reason)
        if label is None:
            label = self.reasons[reason] = reason_label(reason)
        subject = self.subject % {
            "sev": incident.severity,
            "ref": incident.reference,
            "title": incident.title,
        }
        body = self.body % {
            "ref": incident.reference,
            "sev": incident.severity,
            "title": incident.title,
            "reason": label,
            "url": url,
            "ack": ACK_LINK,
        }
        return subject, body


def page_messages(pages: Sequence[tuple[Incident, Any, str]]) -> list[tuple[str, str]]:
    """(subject, body) of the page for each (incident, user, reason), in each recipient's
    language (each language switched to once); the body suits every channel."""
    by_language: dict[str, list[int]] = {}
    for index, (_incident, user, _reason) in enumerate(pages):
        by_language.setdefault(user_language(user), []).append(index)
    url = _incident_urls()
    messages: list[tuple[str, str]] = [("", "")] * len(pages)
    for language, indexes in by_language.items():
        with translation.override(language):
            wording = _Wording()
            for index in indexes:
                incident, _user, reason = pages[index]
                messages[index] = wording.compose(incident, reason, url(incident.pk))
    return messages
