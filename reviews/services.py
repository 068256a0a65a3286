"""Every change to a review goes through one of these functions: a transaction, the check
that the change is allowed, the rows, a timeline entry, and the clocks brought in line."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor, Person
from incidents.errors import IncidentActionError
from incidents.models import Incident, RoleKey
from incidents.selectors import display_name
from incidents.services import timeline_append

from . import events
from .clocks import clocks_sync
from .errors import ReviewConflict
from .models import TEXT_SECTIONS, Review, ReviewAmendment, ReviewCause, ReviewStatus
from .prefill import downtime_minutes, timeline_lines
from .rules import mandatory_cause

EDITABLE_FIELDS = ("users_affected", "downtime_minutes", "data_loss", *TEXT_SECTIONS)


def review_owner(incident: Incident, by: Actor) -> Any:
    """The incident's commander (holding the role now), else whoever resolved it (else who
    acknowledged or declared it, when a monitor resolved it); None when nobody did."""
    holder = (
        incident.assignments.filter(role__key=RoleKey.INCIDENT_COMMANDER, ended_at__isnull=True)
        .select_related("user")
        .first()
    )
    if holder:
        return holder.user
    return incident.resolved_by or by or incident.acknowledged_by or incident.opened_by


def _team_language() -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    wanted = settings.LANGUAGE_CODE.lower()
    return wanted if wanted in codes else codes[0]


def _create(incident: Incident, *, cause: str, by: Actor) -> Review:
    now = timezone.now()
    language = _team_language()
    owner = review_owner(incident, by)
    review = Review.objects.create(
        incident=incident,
        cause=cause,
        owner=owner,
        language=language,
        created_at=now,
        updated_at=now,
        timeline=timeline_lines(incident, language),
        downtime_minutes=downtime_minutes(incident),
    )
    timeline_append(
        incident=incident,
        kind=events.REVIEW_CREATED,
        actor=by if cause == ReviewCause.REQUESTED else None,
        at=now,
        data={"cause": cause, "owner": display_name(owner), "owner_id": getattr(owner, "pk", None)},
    )
    clocks_sync(review, now)
    return review


def review_create_if_required(*, incident: Incident, action: str, by: Actor) -> Review | None:
    """settings.INCIDENT_TRANSITION_HOOKS entry: resolving an incident that needs a review
    creates it at once (in the resolve's transaction)."""
    if action != "resolve" or Review.objects.filter(incident=incident).exists():
        return None
    cause = mandatory_cause(incident)
    if cause is None:
        return None
    return _create(incident, cause=cause, by=by)


def review_request(*, incident: Incident, by: Actor) -> Review:
    """A commander asks for a review of any incident."""
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        if Review.objects.filter(incident=current).exists():
            raise IncidentActionError(
                _("%(ref)s already has a review.") % {"ref": current.reference}
            )
        return _create(current, cause=ReviewCause.REQUESTED, by=by)


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("incident").get(pk=review.pk)


def _refuse_if_published(review: Review) -> None:
    if review.is_published:
        raise IncidentActionError(
            _("This review is published and cannot change; add a correction instead.")
        )


def review_save(
    *,
    review: Review,
    by: Actor,
    version: int,
    fields: dict[str, Any],
    timeline_keep: Iterable[int] | None = None,
    language: str | None = None,
) -> Review:
    """Save the editor's text if nobody saved since `version`; else ReviewConflict carries
    what is saved now (who, when, their text), and nothing is written."""
    with transaction.atomic():
        current = _locked(review)
        _refuse_if_published(current)
        if current.version != version:
            who = display_name(current.updated_by) or _("someone")
            when = timezone.localtime(current.updated_at).strftime("%H:%M")
            raise ReviewConflict(
                _("Changed by %(name)s at %(time)s.") % {"name": who, "time": when},
                current=current,
            )
        for name in EDITABLE_FIELDS:
            if name in fields:
                setattr(current, name, fields[name])
        if timeline_keep is not None:
            keep = {int(pk) for pk in timeline_keep}
            current.timeline = [
                {**line, "keep": line["event"] in keep} for line in current.timeline
            ]
        if language and language in dict(settings.LANGUAGES):
            current.language = language
        current.version += 1
        current.updated_at = timezone.now()
        current.updated_by = by
        current.save()
    return current


def review_submit(*, review: Review, by: Actor) -> Review:
    """The draft is ready: it goes to review, and the draft clock stops."""
    with transaction.atomic():
        current = _locked(review)
        if current.status != ReviewStatus.DRAFT:
            raise IncidentActionError(_("Only a draft can be submitted for review."))
        if not current.root_cause.strip():
            raise IncidentActionError(_("Write the root cause before submitting the draft."))
        now = timezone.now()
        current.status = ReviewStatus.IN_REVIEW
        current.submitted_at = now
        current.save(update_fields=["status", "submitted_at"])
        timeline_append(incident=current.incident, kind=events.REVIEW_SUBMITTED, actor=by, at=now)
        clocks_sync(current, now)
    return current


def review_record_meeting(
    *, review: Review, by: Actor, held_at: datetime, attendees: Iterable[Any]
) -> Review:
    """The review meeting happened (when, who attended): the meeting clock stops."""
    people = list(attendees)
    with transaction.atomic():
        current = _locked(review)
        if current.status != ReviewStatus.IN_REVIEW:
            raise IncidentActionError(_("Record the meeting once the draft is in review."))
        if held_at > timezone.now():
            raise IncidentActionError(_("The meeting cannot be in the future."))
        if not people:
            raise IncidentActionError(_("Say who attended the meeting."))
        now = timezone.now()
        current.meeting_at = held_at
        current.meeting_recorded_by = by
        current.save(update_fields=["meeting_at", "meeting_recorded_by"])
        current.meeting_attendees.set(people)
        timeline_append(
            incident=current.incident,
            kind=events.REVIEW_MEETING,
            actor=by,
            at=now,
            data={"held_at": held_at.isoformat(), "attendees": [display_name(p) for p in people]},
        )
        clocks_sync(current, now)
    return current


def review_approve(*, review: Review, by: Actor) -> Review:
    with transaction.atomic():
        current = _locked(review)
        if current.status != ReviewStatus.IN_REVIEW:
            raise IncidentActionError(_("Only a review in review can be approved."))
        if current.meeting_at is None:
            raise IncidentActionError(_("Record the review meeting before approving."))
        if current.approved_at is not None:
            raise IncidentActionError(
                _("Already approved by %(name)s.") % {"name": display_name(current.approved_by)}
            )
        now = timezone.now()
        current.approved_at, current.approved_by = now, by
        current.save(update_fields=["approved_at", "approved_by"])
        timeline_append(incident=current.incident, kind=events.REVIEW_APPROVED, actor=by, at=now)
    return current


def review_publish(*, review: Review, by: Actor) -> Review:
    """Publish an approved review: from now on it is read-only."""
    with transaction.atomic():
        current = _locked(review)
        _refuse_if_published(current)
        if current.approved_at is None:
            raise IncidentActionError(_("A manager must approve the review before publishing."))
        now = timezone.now()
        current.status = ReviewStatus.PUBLISHED
        current.published_at, current.published_by = now, by
        current.save(update_fields=["status", "published_at", "published_by"])
        timeline_append(incident=current.incident, kind=events.REVIEW_PUBLISHED, actor=by, at=now)
        clocks_sync(current, now)
    return current


def review_amend(*, review: Review, by: Person, text: str) -> ReviewAmendment:
    """A correction to a published review, recorded beside it."""
    text = text.strip()
    if not text:
        raise IncidentActionError(_("Write the correction."))
    with transaction.atomic():
        current = _locked(review)
        if not current.is_published:
            raise IncidentActionError(_("Edit the review itself until it is published."))
        now = timezone.now()
        amendment = ReviewAmendment.objects.create(review=current, text=text, by=by, at=now)
        timeline_append(incident=current.incident, kind=events.REVIEW_AMENDED, actor=by, at=now)
    return amendment


def review_set_owner(*, review: Review, by: Any, owner: Any) -> Review:
    """Hand the review (and its clocks' pages) to someone else."""
    with transaction.atomic():
        current = _locked(review)
        _refuse_if_published(current)
        if current.owner_id == owner.pk:
            raise IncidentActionError(
                _("%(name)s already owns this review.") % {"name": display_name(owner)}
            )
        current.owner = owner
        current.save(update_fields=["owner"])
        timeline_append(
            incident=current.incident,
            kind=events.REVIEW_OWNER_CHANGED,
            actor=by,
            data={"owner": display_name(owner), "owner_id": owner.pk},
        )
    return current
