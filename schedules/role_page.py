"""What a role's schedule page shows, read and written out here (names, times, who may
cancel what) so its template only places it: a fixed number of queries, one of them for
every name on the page, and no query left for the template to make."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from incidents.models import Role
from incidents.selectors import display_name

from .display import override_lines, segment_people, stretches, time_writer
from .events import LABELS
from .forms import people
from .models import Override, Rotation, RotationMember, ScheduleEvent
from .selectors import HORIZON, role_timeline

SHOWN_OVERRIDES = 30  # the timeline shows them all; the list, the soonest
SHOWN_EVENTS = 20


def role_page(
    role: Role, now: dt.datetime, *, can_cancel: Callable[[Override], bool]
) -> dict[str, Any]:
    """The page's parts: the timeline, the rotations (each with `members_shown`), the
    coming overrides, the latest changes (each with `label`, `actor_name`, `at_text`) and
    `everyone`, the people the override form offers (people(), read once for the names)."""
    segments = role_timeline(role.key, now, now + HORIZON)
    overrides = list(
        Override.objects.filter(
            role=role, cancelled_at__isnull=True, ends_at__gt=now, starts_at__lt=now + HORIZON
        ).order_by("starts_at", "id")[:SHOWN_OVERRIDES]
    )
    rotations: list[Any] = list(Rotation.objects.filter(role=role).order_by("-layer"))
    members: dict[int, list[int]] = {}
    in_order = RotationMember.objects.filter(rotation__role=role).order_by(
        "rotation_id", "position"
    )
    for rotation_id, user_id in in_order.values_list("rotation_id", "user_id"):
        members.setdefault(rotation_id, []).append(user_id)
    events: list[Any] = list(ScheduleEvent.objects.filter(role=role)[:SHOWN_EVENTS])

    everyone = list(people())
    users = {person.pk: person for person in everyone}
    named = segment_people(segments)
    named |= {o.user_id for o in overrides} | {o.replaces_id for o in overrides if o.replaces_id}
    named |= {user_id for ids in members.values() for user_id in ids}
    named |= {e.actor_id for e in events if e.actor_id}
    if named - users.keys():  # people no longer active keep their names on the page
        users.update(get_user_model().objects.in_bulk(list(named - users.keys())))
    names = {pk: display_name(users[pk]) for pk in named if pk in users}

    for rotation in rotations:
        rotation.members_shown = [  # (name, active): a deactivated member is skipped
            (names.get(i, ""), i in users and users[i].is_active)
            for i in members.get(rotation.pk, [])
        ]
    for event in events:
        event.label = LABELS.get(event.kind, event.kind)
        event.actor_name = names.get(event.actor_id, "") if event.actor_id else ""
        event.at_text = f"{timezone.localtime(event.at):%d/%m %H:%M}"
    when = time_writer()
    return {
        "timeline": stretches(segments, users, when),
        "rotations": rotations,
        "overrides": override_lines(overrides, names, when, can_cancel),
        "events": events,
        "everyone": everyone,
    }
