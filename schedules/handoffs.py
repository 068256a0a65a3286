"""Hand-offs: each change of who is on call is a row planned a day ahead and fired once by
the sweep (settings.SWEEP_STEPS), telling the incoming person, with the open incidents the
outgoing person holds."""

import datetime as dt
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from incidents.models import Incident, Role
from incidents.selectors import display_name

from . import events
from .models import Handoff, ScheduleEvent, ScheduleState
from .notify import speaking_to, tell
from .selectors import role_timeline


class Stretch(NamedTuple):
    start: dt.datetime
    end: dt.datetime
    user_id: int | None


PLAN_AHEAD = dt.timedelta(hours=24)
REPLAN_WHEN_LEFT = dt.timedelta(hours=12)
LOOK_AHEAD = dt.timedelta(days=8)  # to say until when the incoming person is on call
BATCH = 100


def _changes(role_key: str, start: dt.datetime, end: dt.datetime) -> list[tuple[Any, ...]]:
    """(at, until, incoming id, outgoing id) for each change of person in (start, end]."""
    people: list[Stretch] = []  # one per person in a row
    for segment in role_timeline(role_key, start, end + LOOK_AHEAD):
        if people and people[-1].user_id == segment.user_id:
            people[-1] = people[-1]._replace(end=segment.end)
        else:
            people.append(Stretch(segment.start, segment.end, segment.user_id))
    return [
        (now.start, now.end, now.user_id, before.user_id)
        for before, now in zip(people, people[1:], strict=False)
        if now.user_id is not None and start < now.start <= end
    ]


def handoffs_plan(now: dt.datetime) -> int:
    """Write the hand-offs of the next day, when the plan runs out (or the schedule changed:
    every change drops what was planned after it). Idempotent."""
    state = ScheduleState.objects.filter(pk=1).first()
    if state is None or (state.planned_until and state.planned_until - now > REPLAN_WHEN_LEFT):
        return 0
    start = now - dt.timedelta(seconds=1)
    if state.planned_until is not None:
        start = min(max(state.planned_until, now - PLAN_AHEAD), now)
    end = now + PLAN_AHEAD
    roles = dict(Role.objects.values_list("key", "pk"))
    rows = [
        Handoff(role_id=role_id, at=at, until=until, incoming_id=incoming, outgoing_id=outgoing)
        for key, role_id in roles.items()
        for at, until, incoming, outgoing in _changes(key, start, end)
    ]
    with transaction.atomic():
        Handoff.objects.bulk_create(rows, ignore_conflicts=True)
        ScheduleState.objects.filter(pk=1, version=state.version).update(planned_until=end)
    return len(rows)


def _claim(due: list[Handoff], now: dt.datetime) -> list[Handoff]:
    """Each due hand-off fires once: the conditional update is the claim."""
    return [
        h
        for h in due
        if Handoff.objects.filter(pk=h.pk, fired_at__isnull=True).update(fired_at=now)
    ]


def held_open_incidents(user_ids: set[int]) -> dict[int, list[Incident]]:
    """The open incidents each person holds a role on (one query)."""
    held: dict[int, list[Incident]] = {user_id: [] for user_id in user_ids}
    rows = (
        Incident.objects.open()
        .filter(assignments__user_id__in=user_ids, assignments__ended_at__isnull=True)
        .values_list("assignments__user_id", "pk", "title")
        .distinct()
        .order_by("pk")
    )
    for user_id, pk, title in rows:
        held[user_id].append(Incident(pk=pk, title=title))
    return held


def handoff_message(
    handoff: Handoff, role: Role, open_count: int, theirs: list[Incident]
) -> tuple[str, str]:
    """(subject, body) in the incoming person's language and time zone."""
    with speaking_to(handoff.incoming):
        until = formats.date_format(timezone.localtime(handoff.until), "D d/m H:i")
        subject = _("You are on call for %(role)s") % {"role": role.name}
        body = _("You are on call for %(role)s until %(until)s; open incidents: %(count)s.") % {
            "role": role.name,
            "until": until,
            "count": open_count,
        }
        if handoff.outgoing_id and theirs:
            listed = "; ".join(f"{i.reference} {i.title}" for i in theirs)
            body += " " + _("%(name)s hands over: %(incidents)s.") % {
                "name": display_name(handoff.outgoing),
                "incidents": listed,
            }
    return subject, body


def handoffs_fire(now: dt.datetime) -> int:
    """Fire the due hand-offs, oldest first, each exactly once."""
    with transaction.atomic():
        due = list(
            Handoff.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(fired_at__isnull=True, at__lte=now)
            .select_related("role", "incoming__profile", "outgoing")
            .order_by("at", "id")[:BATCH]
        )
        fired = _claim(due, now)
        if not fired:
            return 0
        open_count = Incident.objects.open().count()
        held = held_open_incidents({h.outgoing_id for h in fired if h.outgoing_id})
        for handoff in fired:
            theirs = held.get(handoff.outgoing_id or 0, [])
            if not handoff.incoming.is_active:  # deactivated since it was planned
                handoff.data = {"sent": False, "deactivated": True}
                handoff.save(update_fields=["data"])
                continue
            subject, body = handoff_message(handoff, handoff.role, open_count, theirs)
            sent = tell(
                handoff.incoming,
                reason="handoff",
                key=f"schedule:handoff:{handoff.pk}",
                subject=subject,
                body=body,
            )
            handoff.data = {"sent": sent, "open_incidents": [i.pk for i in theirs]}
            handoff.save(update_fields=["data"])
        ScheduleEvent.objects.bulk_create(
            [
                ScheduleEvent(
                    at=now,
                    role=h.role,
                    kind=events.HANDOFF_SENT,
                    data={"user": display_name(h.incoming), "at": h.at.isoformat()},
                )
                for h in fired
                if not h.data.get("deactivated")
            ]
        )
    return len(fired)


def sweep_handoffs(now: dt.datetime) -> int:
    """This app's entry in settings.SWEEP_STEPS: plan ahead, then fire what is due."""
    handoffs_plan(now)
    return handoffs_fire(now)
