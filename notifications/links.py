"""Acknowledge links: every page carries a short link that acknowledges its incident as the
person paged, once, within ACK_LINK_TTL_SECONDS.

One link per message: the token names the outbox row (so the timeline can say "via SMS
link") and carries an HMAC of the row's id, person, incident and creation time under the
project's SECRET_KEY. Nothing else is in it: it gives no session and no other power.
"""

import base64
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from incidents.errors import IncidentActionError
from incidents.models import IncidentStatus
from incidents.services import incident_transition

from .answer import live_pages, page_acknowledge
from .models import AcknowledgeLinkUse, Notification

# Put in a page's body where the link goes; each message gets its own link when sent.
ACK_LINK = "[ack-link]"
_SALT = "notifications.acknowledge-link"


def _signature(row: Notification) -> str:
    stamp = int(row.created_at.timestamp())
    value = f"{row.pk}:{row.user_id}:{row.incident_id}:{stamp}"
    digest = salted_hmac(_SALT, value, algorithm="sha256").digest()[:12]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def link_token(row: Notification) -> str:
    return f"{row.pk}-{_signature(row)}"


def ack_url(row: Notification) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("notifications:ack_link", args=[link_token(row)])


def outgoing_body(row: Notification) -> str:
    """The body as sent: with this message's own acknowledge link, if it carries one."""
    if ACK_LINK not in row.body:
        return row.body
    if row.incident_id is None or row.user_id is None:
        return row.body.replace(ACK_LINK, "")
    return row.body.replace(ACK_LINK, ack_url(row))


@dataclass(frozen=True)
class LinkCheck:
    row: Notification | None
    problem: str = ""  # "tampered", "expired", "used", or "" when the link is good
    page_only: bool = False  # acknowledged the person's page, the incident was already


def answers_page_only(check: LinkCheck) -> bool:
    """Whether a good link would acknowledge its person's page rather than the incident:
    the incident is acknowledged already and a page of theirs still rings (an escalation)."""
    row = check.row
    if check.problem or row is None or row.incident is None:
        return False
    incident = row.incident
    return incident.status != IncidentStatus.TRIGGERED and bool(live_pages(incident, row.user))


def check_link(token: str) -> LinkCheck:
    """What a token is worth. Reads only: opening a link (GET) changes nothing."""
    pk, _dash, signature = token.partition("-")
    if not pk.isdigit() or not signature:
        return LinkCheck(None, "tampered")
    row = (
        Notification.objects.select_related("incident", "user", "incident__acknowledged_by")
        .filter(pk=int(pk), incident__isnull=False, user__isnull=False)
        .first()
    )
    if row is None or not constant_time_compare(signature, _signature(row)):
        return LinkCheck(None, "tampered")
    if AcknowledgeLinkUse.objects.filter(notification=row).exists():
        return LinkCheck(row, "used")
    ttl = timedelta(seconds=settings.ACK_LINK_TTL_SECONDS)
    if timezone.now() > row.created_at + ttl:
        return LinkCheck(row, "expired")
    return LinkCheck(row, "")


def acknowledge_by_link(token: str) -> LinkCheck:
    """Acknowledge the incident as the person the link was sent to, once; when it is
    acknowledged already, the person's own page (an escalation's: page_only). Raises
    IncidentActionError when neither can be (resolved, nothing of theirs rings) or the
    person may not; returns the check when the link itself is bad."""
    with transaction.atomic():
        check = check_link(token)
        if check.problem or check.row is None:
            return check
        row = check.row
        user, incident = row.user, row.incident
        if incident is None or user is None or not user.is_active:
            return LinkCheck(None, "tampered")
        if not user.has_perm("incidents.acknowledge_incident"):
            raise IncidentActionError(_("You may not acknowledge incidents: ask a commander."))
        try:
            with transaction.atomic():
                AcknowledgeLinkUse.objects.create(
                    notification=row, used_at=timezone.now(), outcome="acknowledged"
                )
        except IntegrityError:  # the same link pressed twice at once: one wins
            return LinkCheck(row, "used")
        try:
            incident_transition(incident=incident, action="acknowledge", by=user, via=row.channel)
        except IncidentActionError:
            if not page_acknowledge(incident=incident, user=user, via=row.channel):
                raise
            return LinkCheck(row, "", page_only=True)
    return check
