"""Every schedule change: validated first, written in one transaction with a new plan
version, its audit entry, and the hand-offs re-planned."""

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor, Person
from incidents.bidi import naming
from incidents.models import Role
from incidents.selectors import display_name

from . import events
from .errors import ScheduleError
from .models import (
    CalendarFeed,
    Handoff,
    Override,
    Rotation,
    RotationMember,
    ScheduleEvent,
    ScheduleState,
)
from .models.feed import new_token
from .notify import speaking_to, tell
from .selectors import role_timeline
from .validation import check_override, check_pageable, check_rotation


def schedule_lock() -> None:
    """First thing in every change: one schedule change at a time."""
    if not ScheduleState.objects.select_for_update().filter(pk=1).exists():
        ScheduleState.objects.get_or_create(pk=1, defaults={"version": uuid.uuid4().hex})


def schedule_changed(now: dt.datetime | None = None) -> None:
    """Last thing in every change, after its writes: the plan gets a new version (each
    process re-reads it on its next lookup) and the hand-offs planned after now go, to be
    planned again from the new schedule, from now on."""
    now = now or timezone.now()
    ScheduleState.objects.filter(pk=1).update(version=uuid.uuid4().hex, planned_until=now)
    Handoff.objects.filter(fired_at__isnull=True, at__gt=now).delete()


def _audit(kind: str, *, by: Actor, role: Role | None, data: dict[str, Any]) -> None:
    ScheduleEvent.objects.create(at=timezone.now(), actor=by, role=role, kind=kind, data=data)


@transaction.atomic
def rotation_save(
    *,
    role: Role,
    name: str,
    members: Sequence[Any],
    length: str,
    handoff_time: dt.time,
    start_date: dt.date,
    by: Actor,
    rotation: Rotation | None = None,
    layer: int = 1,
    length_hours: int | None = None,
    zone: str = "America/Sao_Paulo",
    restriction: str = "none",
) -> Rotation:
    """Create or change a rotation (a layer of the role's schedule) and its order of people."""
    check_rotation(
        members=members,
        length=length,
        length_hours=length_hours,
        handoff_time=handoff_time,
        zone=zone,
        start_date=start_date,
    )
    check_pageable(role, members, "members")
    schedule_lock()
    clash = Rotation.objects.filter(role=role, layer=layer)
    if rotation is not None:
        clash = clash.exclude(pk=rotation.pk)
    if clash.exists():
        raise ScheduleError(
            naming(_("%(role)s already has a layer %(layer)s."), role=role.name, layer=layer),
            field="layer",
        )
    rotation = rotation or Rotation()
    rotation.role, rotation.name, rotation.layer = role, name, layer
    rotation.length = length
    rotation.length_hours = length_hours if length == "hours" else None
    rotation.handoff_time, rotation.timezone = handoff_time, zone
    rotation.start_date, rotation.restriction = start_date, restriction
    rotation.save()
    rotation.members.all().delete()
    RotationMember.objects.bulk_create(
        [RotationMember(rotation=rotation, user=u, position=i) for i, u in enumerate(members)]
    )
    _audit(
        events.ROTATION_SAVED,
        by=by,
        role=role,
        data={
            "rotation": rotation.pk,
            "name": name,
            "layer": layer,
            "members": [display_name(u) for u in members],
        },
    )
    schedule_changed()
    return rotation


@transaction.atomic
def rotation_delete(*, rotation: Rotation, by: Actor) -> None:
    schedule_lock()
    _audit(
        events.ROTATION_DELETED,
        by=by,
        role=rotation.role,
        data={"name": rotation.name, "layer": rotation.layer},
    )
    rotation.delete()
    schedule_changed()


def _takes_over_from(role: Role, by: Person, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """Without the schedule permission a person may only hand over their own time."""
    mine = [s for s in role_timeline(role.key, starts_at, ends_at) if s.user_id == by.pk]
    if not mine:
        raise ScheduleError(
            naming(
                _("You are not on call for %(role)s then: you can only hand over your own shift."),
                role=role.name,
            ),
            field="starts_at",
        )


@transaction.atomic
def override_create(
    *,
    role: Role,
    user: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: Person,
    note: str = "",
    now: dt.datetime | None = None,
) -> Override:
    """`user` covers the role from starts_at to ends_at. A commander (schedules.manage_schedule)
    may assign anyone; anyone else only hands part of their own shift to a colleague."""
    now = now or timezone.now()
    check_override(starts_at=starts_at, ends_at=ends_at, now=now)
    check_pageable(role, [user], "user")
    schedule_lock()
    manager = by.has_perm("schedules.manage_schedule")
    if not manager:
        _takes_over_from(role, by, starts_at, ends_at)
    replaced = [s.user_id for s in role_timeline(role.key, starts_at, ends_at) if s.user_id]
    replaces_id = by.pk if not manager else (replaced[0] if replaced else None)
    override = Override.objects.create(
        role=role,
        user=user,
        replaces_id=replaces_id,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note,
        created_by=by,
        created_at=now,
    )
    data = {
        "override": override.pk,
        "user": display_name(user),
        "replaces": display_name(override.replaces) if override.replaces_id else "",
        "from": starts_at.isoformat(),
        "until": ends_at.isoformat(),
        "note": note,
    }
    _audit(events.OVERRIDE_CREATED, by=by, role=role, data=data)
    schedule_changed(now)
    tell_about_override(override)
    return override


def tell_about_override(override: Override) -> None:
    """Both people hear of it: who covers, and whose time it was."""
    people: dict[int, Any] = {override.user_id: override.user}
    if override.replaces_id:
        people[override.replaces_id] = override.replaces
    for person in people.values():
        with speaking_to(person):
            when = {
                "role": override.role.name,
                "start": formats.date_format(timezone.localtime(override.starts_at), "D d/m H:i"),
                "end": formats.date_format(timezone.localtime(override.ends_at), "D d/m H:i"),
                "name": display_name(override.user),
                "other": display_name(override.replaces) if override.replaces_id else "",
            }
            subject = _("On-call override: %(role)s") % when
            if person.pk == override.user_id:
                body = _("You cover %(role)s from %(start)s to %(end)s.") % when
                if override.replaces_id and override.replaces_id != override.user_id:
                    body += " " + _("(instead of %(other)s)") % when
            else:
                body = _("%(name)s covers your %(role)s shift from %(start)s to %(end)s.") % when
        tell(
            person,
            reason="override",
            key=f"schedule:override:{override.pk}:user:{person.pk}",
            subject=subject,
            body=body,
        )


@transaction.atomic
def override_cancel(*, override: Override, by: Person) -> None:
    if override.cancelled_at is not None:
        raise ScheduleError(_("This override was already cancelled."))
    if not (by.has_perm("schedules.manage_schedule") or by.pk == override.created_by_id):
        raise ScheduleError(_("Only who made an override, or a commander, can cancel it."))
    schedule_lock()
    override.cancelled_at = timezone.now()
    override.save(update_fields=["cancelled_at"])
    _audit(
        events.OVERRIDE_CANCELLED,
        by=by,
        role=override.role,
        data={"override": override.pk, "user": display_name(override.user)},
    )
    schedule_changed()


@transaction.atomic
def calendar_feed_reset(*, user: Any) -> CalendarFeed:
    """A new secret for the person's calendar URL; the old URL stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token, feed.reset_at = new_token(), timezone.now()
        feed.save(update_fields=["token", "reset_at"])
        _audit(events.FEED_RESET, by=user, role=None, data={})
    return feed
