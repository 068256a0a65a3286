"""A person acknowledges their page: the pages they were sent about an incident are answered
(Notification.acknowledged_at on each page's first row), nothing more of them is sent (the
outbox checks it, notifications.stopping) and their louder steps stop.

For a First Responder this is the incident's acknowledgement (settings.
INCIDENT_TRANSITION_HOOKS: whoever acknowledges answers their own pages). Someone an
escalation paged (the Escalation Engineer at 2x SLA, the Incident Commander at 4x...) is
paged louder past that acknowledgement, until they answer their page here: from the
incident page or with the link in any of its messages."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from incidents.actors import Actor, Person
from incidents.models import Incident, IncidentStatus, StopsOn
from incidents.services import deadlines_stop, timeline_append

from . import events
from .louder import ACTION
from .models import PENDING_STATUSES, Notification
from .reasons import stops_on


def live_pages(incident: Incident, user: Any) -> list[Notification]:
    """The pages to this person about the incident that still ring for them, oldest first:
    not answered nor relieved of (notifications.relief), of a reason the incident's
    acknowledgement does not stop (an escalation's), the incident open, and something of
    them still to come (a louder step of theirs, or a message still queued or being sent)."""
    if user is None or not incident.is_open:
        return []
    roots = Notification.objects.filter(
        incident=incident,
        user=user,
        root__isnull=True,
        acknowledged_at__isnull=True,
        relieved_at__isnull=True,
    ).order_by("created_at", "id")
    pages = [row for row in roots if stops_on(row.reason) == StopsOn.RESOLVE]
    if not pages or _louder_steps(incident, user).exists():
        return pages
    ids = [page.pk for page in pages]
    pending = Notification.objects.filter(
        Q(pk__in=ids) | Q(root_id__in=ids), status__in=PENDING_STATUSES
    ).values_list("pk", "root_id")
    ringing = {root_id or pk for pk, root_id in pending}
    return [page for page in pages if page.pk in ringing]


def _louder_steps(incident: Incident, user: Any) -> Any:
    """The person's louder steps still to come on the incident."""
    return _pending_steps(incident).filter(data__user_id=user.pk)


def _pending_steps(incident: Incident) -> Any:
    return incident.deadlines.pending().filter(kind__startswith=f"{ACTION}:")


def _answer(incident: Incident, user: Any, now: datetime) -> int:
    """Answer every page of the person about the incident (its lock held); how many."""
    roots = Notification.objects.filter(incident=incident, user=user)
    return _mark_answered(incident, roots, _louder_steps(incident, user), now)


def _mark_answered(incident: Incident, roots: Any, steps: Any, now: datetime) -> int:
    """The pages among `roots` not answered yet are, and `steps` (their louder steps) stop."""
    answered = roots.filter(root__isnull=True, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )
    kinds = list(steps.values_list("kind", flat=True))
    if kinds:
        deadlines_stop(incident=incident, stops_on=list(StopsOn.values), kinds=kinds)
    return int(answered)


def page_acknowledge(*, incident: Incident, user: Person, via: str = "") -> int:
    """The person answers their pages about the incident (on its timeline, `via` the
    channel of the link used, if any). How many pages; 0 when none still rang for them."""
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        if not live_pages(current, user):
            return 0
        now = timezone.now()
        answered = _answer(current, user, now)
        data: dict[str, Any] = {"via": via} if via else {}
        timeline_append(
            incident=current, kind=events.PAGE_ACKNOWLEDGED, actor=user, at=now, data=data
        )
    return answered


def pages_answered(*, incident: Incident, reason: str) -> int:
    """Whoever they went to, the incident's pages of this reason are answered: what they asked
    for is done (the overdue stakeholder update was sent). Nothing more of them is sent and
    their louder steps stop. How many; call it in the caller's transaction."""
    roots = Notification.objects.filter(
        incident=incident, root__isnull=True, reason=reason, acknowledged_at__isnull=True
    )
    keys = list(roots.values_list("key", flat=True))
    if not keys:
        return 0
    steps = _pending_steps(incident).filter(data__page_key__in=keys)
    return _mark_answered(incident, roots, steps, timezone.now())


def acknowledging_answers_pages(*, incident: Incident, action: str, by: Actor) -> None:
    """settings.INCIDENT_TRANSITION_HOOKS: whoever acknowledges the incident answers their
    own pages about it (an Escalation Engineer paged before it was acknowledged, too)."""
    acknowledged = incident.status == IncidentStatus.ACKNOWLEDGED
    if action == "acknowledge" and acknowledged and by is not None:
        _answer(incident, by, timezone.now())
