"""What the next two weeks would look like with a change not yet saved."""

import datetime as dt
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from incidents.models import Role

from .layers import Layer
from .plan import plan_covering
from .resolve import Cover, RolePlan, Segment
from .selectors import HORIZON, resolve_active, roster_covers

PROPOSED = 2**62  # the ref of an override being previewed: later than every saved one


def _window(start: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    start = start or timezone.now()
    return start, start + HORIZON


def preview_rotation(
    role: Role,
    *,
    members: list[Any],
    fields: dict[str, Any],
    rotation_id: int | None,
    start: dt.datetime | None = None,
) -> list[Segment]:
    """The role's next 14 days with this layer as given (replacing `rotation_id`)."""
    start, end = _window(start)
    current = plan_covering(start).for_role(role.key)
    proposed = Layer(
        rotation_id=rotation_id or 0,
        layer=fields["layer"],
        user_ids=tuple(u.pk for u in members),
        zone=ZoneInfo(fields["timezone"]),
        length=fields["length"],
        hours=fields.get("length_hours") or 24,
        handoff=fields["handoff_time"],
        start=fields["start_date"],
        restriction=fields["restriction"],
    )
    others = [
        layer
        for layer in current.layers
        if layer.rotation_id != rotation_id and layer.layer != proposed.layer
    ]
    layers = sorted([*others, proposed], key=lambda layer: -layer.layer)
    plan = replace(current, layers=layers)
    return resolve_active(plan, start, end, roster_covers(role.key, start, end))


def preview_override(
    role: Role,
    *,
    user: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    start: dt.datetime | None = None,
) -> list[Segment]:
    """The role's next 14 days with this override added (it wins over overlapping ones)."""
    start, end = _window(start)
    current = plan_covering(start).for_role(role.key)
    proposed = Cover(starts_at, ends_at, user.pk, PROPOSED)
    plan = RolePlan(current.role_key, current.layers, [*current.overrides, proposed])
    return resolve_active(plan, start, end, roster_covers(role.key, start, end))
