"""Who is on call for one role over a stretch of time: overrides above layers (the higher
layer winning where it has someone), the admin roster below them all. Pure: the plan is
read from the database by selectors.py."""

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .layers import Layer


class Cover(NamedTuple):
    """A stretch someone covers outside the rotations: an override or a roster shift."""

    start: dt.datetime
    end: dt.datetime  # dt.datetime.max (aware) for an open-ended roster shift
    user_id: int
    ref: int  # the override's / shift's id: among overlapping ones the highest wins


OVERRIDE, LAYER, ROSTER = "override", "layer", "roster"


class Segment(NamedTuple):
    start: dt.datetime
    end: dt.datetime
    user_id: int | None  # None: nobody is on call (a gap)
    source: str  # "override" | "layer" | "roster" | "" for a gap
    ref: int  # override id, layer number or shift id
    replaced_user_id: int | None = None  # for an override: who the layers had on call
    skipped_user_id: int | None = None  # a deactivated account that would have been on call


@dataclass
class RolePlan:
    """Everything that decides a role's on-call: its layers (highest first) and overrides."""

    role_key: str
    layers: list[Layer] = field(default_factory=list)
    overrides: list[Cover] = field(default_factory=list)  # by start


class _Piece(NamedTuple):
    start: dt.datetime
    end: dt.datetime
    user_id: int
    rank: tuple[int, int]
    source: str
    ref: int


def _pieces(
    plan: RolePlan, roster: Sequence[Cover], start: dt.datetime, end: dt.datetime
) -> list[_Piece]:
    pieces = [
        _Piece(o.start, o.end, o.user_id, (3, o.ref), OVERRIDE, o.ref)
        for o in plan.overrides
        if o.start < end and o.end > start
    ]
    for layer in plan.layers:
        pieces += [
            _Piece(t.start, t.end, t.user_id, (2, layer.layer), LAYER, layer.layer)
            for t in layer.on_duty(start, end)
        ]
    pieces += [
        _Piece(s.start, s.end, s.user_id, (1, s.ref), ROSTER, s.ref)
        for s in roster
        if s.start < end and s.end > start
    ]
    return pieces


def resolve(
    plan: RolePlan,
    start: dt.datetime,
    end: dt.datetime,
    roster: Sequence[Cover] = (),
    inactive: Collection[int] = frozenset(),
) -> list[Segment]:
    """The role's on-call over [start, end) as consecutive segments (gaps included).

    A person in `inactive` (a deactivated account) is never on call: whoever is next in
    line answers instead, as on the paging path (holders_at): another override covering
    the time, a lower layer, the roster; with nobody, it is a gap (paged to the fallback
    list). The segment names the person skipped (skipped_user_id)."""
    pieces = sorted(_pieces(plan, roster, start, end), key=lambda p: p.start)
    edges = sorted({start, end, *(p.start for p in pieces), *(p.end for p in pieces)})
    edges = [e for e in edges if start <= e <= end]
    segments: list[Segment] = []
    active: list[_Piece] = []
    following = 0
    for a, b in zip(edges, edges[1:], strict=False):
        while following < len(pieces) and pieces[following].start <= a:
            active.append(pieces[following])
            following += 1
        active = [p for p in active if p.end > a]
        segment = _winner(active, a, b, inactive)
        last = segments[-1] if segments else None
        if last and last.end == a and last[2:] == segment[2:]:
            segments[-1] = last._replace(end=b)
        else:
            segments.append(segment)
    return segments


def _winner(
    covering: list[_Piece], a: dt.datetime, b: dt.datetime, inactive: Collection[int]
) -> Segment:
    usable = [p for p in covering if p.user_id not in inactive]
    first = max(covering, key=lambda p: p.rank) if covering else None
    skipped = first.user_id if first is not None and first.user_id in inactive else None
    if not usable:
        return Segment(a, b, None, "", 0, None, skipped)
    best = max(usable, key=lambda p: p.rank)
    replaced = None
    if best.source == OVERRIDE:
        below = [p for p in usable if p.source != OVERRIDE]
        replaced = max(below, key=lambda p: p.rank).user_id if below else None
    return Segment(a, b, best.user_id, best.source, best.ref, replaced, skipped)


def _overrides_at(plan: RolePlan, at: dt.datetime) -> list[Cover]:
    """The overrides covering one moment, the latest (the one that wins) first."""
    covering = []
    for cover in plan.overrides:
        if cover.start > at:
            break  # sorted by start
        if at < cover.end:
            covering.append(cover)
    return sorted(covering, key=lambda c: c.ref, reverse=True)


def holder_at(plan: RolePlan, at: dt.datetime) -> tuple[int | None, str]:
    """Who is on call at one moment, and from what: what resolve() says for [at, at + 1 µs),
    without building the segments: the latest override covering it, else the highest layer
    on duty. The roster is the caller's (a query, made only if needed)."""
    overrides = _overrides_at(plan, at)
    if overrides:
        return overrides[0].user_id, OVERRIDE
    for layer in plan.layers:  # highest first
        user_id = layer.on_duty_at(at)
        if user_id is not None:
            return user_id, LAYER
    return None, ""


def holders_at(plan: RolePlan, at: dt.datetime) -> list[int]:
    """The paging path: holder_at's answer first, then who is next in line when that
    person cannot be paged (deactivated): the other overrides covering the moment (latest
    first), then each layer on duty (highest first). Each person once."""
    people = [cover.user_id for cover in _overrides_at(plan, at)]
    for layer in plan.layers:  # highest first
        user_id = layer.on_duty_at(at)
        if user_id is not None:
            people.append(user_id)
    return list(dict.fromkeys(people))
