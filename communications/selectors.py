"""Reads the communications pages need, each a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from incidents.models import Deadline, Incident
from incidents.models.choices import OPEN_STATUSES

from .cadence import DEADLINE_KIND, cadence_minutes
from .models import IncidentComms, MessageTemplate, PublicUpdate, SentCommunication, TemplateKind
from .rendering import RenderedMessage, incident_context, render_template

RESOLVED_SHOWN_FOR = timedelta(days=7)


@dataclass
class CommsSummary:
    state: IncidentComms
    last_sent: SentCommunication | None
    next_update: Deadline | None
    now: datetime
    kinds_sent: frozenset[str] = frozenset()

    @property
    def resolved_notice_owed(self) -> bool:
        """Notices went out, the resolved one did not, and nobody waived it."""
        return bool(
            self.kinds_sent
            and TemplateKind.RESOLVED not in self.kinds_sent
            and self.state.resolved_notice_waived_at is None
        )

    @property
    def overdue(self) -> bool:
        return bool(
            self.next_update
            and self.next_update.cancelled_at is None
            and self.next_update.due_at <= self.now
        )


def comms_summary(incident: Incident) -> CommsSummary:
    state = IncidentComms.objects.filter(incident=incident).first() or IncidentComms(
        incident=incident
    )
    return CommsSummary(
        state=state,
        last_sent=SentCommunication.objects.filter(incident=incident)
        .select_related("sent_by")
        .first(),
        next_update=incident.deadlines.filter(kind=DEADLINE_KIND).first(),
        now=timezone.now(),
        kinds_sent=frozenset(
            SentCommunication.objects.filter(incident=incident).values_list("kind", flat=True)
        ),
    )


def suggested_kind(incident: Incident, summary: CommsSummary) -> str:
    if not incident.is_open:
        return TemplateKind.RESOLVED
    if summary.last_sent is not None:
        return TemplateKind.STATUS_UPDATE
    return TemplateKind.NOTIFICATION


def notified_audience_ids(incident: Incident) -> list[int]:
    """Every audience list that received one of the incident's notices, first sent first:
    the resolved notice goes to them by default."""
    ids: list[int] = []
    for chosen in (
        SentCommunication.objects.filter(incident=incident)
        .order_by("sent_at")
        .values_list("audience_ids", flat=True)
    ):
        ids += [pk for pk in chosen or [] if pk not in ids]
    return ids


def template_for(kind: str, language: str) -> MessageTemplate | None:
    return MessageTemplate.objects.filter(kind=kind, language=language).first()


def filled_template(
    incident: Incident, *, kind: str, language: str, impact: str, forecast: str
) -> RenderedMessage | None:
    """The kind's template in this language filled in from the incident; None if none."""
    template = template_for(kind, language)
    if template is None:
        return None
    context = incident_context(
        incident,
        language=language,
        impact=impact,
        forecast=forecast,
        kind=kind,
        cadence_minutes=cadence_minutes(incident.severity),
    )
    return render_template(template, context)


def overdue_update_ids(incident_ids: Iterable[Any], now: datetime | None = None) -> set[int]:
    """Which of these incidents owe their stakeholders an update now (one query)."""
    return set(
        Deadline.objects.filter(
            incident_id__in=list(incident_ids),
            kind=DEADLINE_KIND,
            cancelled_at__isnull=True,
            due_at__lte=now or timezone.now(),
        ).values_list("incident_id", flat=True)
    )


@dataclass
class PublicIncident:
    title: str
    started_at: datetime
    kind: str
    updates: list[PublicUpdate]

    @property
    def is_resolved(self) -> bool:
        return self.kind == TemplateKind.RESOLVED


def status_page_incidents(now: datetime | None = None) -> list[PublicIncident]:
    """Public incidents with published updates: ongoing first, then recently resolved."""
    now = now or timezone.now()
    # EXISTS, not joins: joining the updates twice made each incident's rows
    # updates x updates before DISTINCT folded them back.
    published = PublicUpdate.objects.filter(incident=OuterRef("incident"))
    recent = published.filter(published_at__gte=now - RESOLVED_SHOWN_FOR)
    states = (
        IncidentComms.objects.filter(
            Exists(published), Q(incident__status__in=OPEN_STATUSES) | Exists(recent), public=True
        )
        .select_related("incident")
        .prefetch_related(
            Prefetch(
                "incident__public_updates",
                queryset=PublicUpdate.objects.order_by("-published_at", "-id"),
            )
        )
    )
    found = []
    for state in states:
        updates = list(state.incident.public_updates.all())  # type: ignore[attr-defined]
        latest = updates[0]
        if latest.kind == TemplateKind.RESOLVED and latest.published_at < now - RESOLVED_SHOWN_FOR:
            continue
        found.append(
            PublicIncident(
                title=state.public_title or state.incident.title,
                started_at=state.incident.opened_at,
                kind=latest.kind,
                updates=updates,
            )
        )
    found.sort(key=lambda p: (p.is_resolved, -p.updates[0].published_at.timestamp()))
    return found
