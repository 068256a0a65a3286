"""Segments as the pages show them: people instead of ids, what each stretch comes from,
and its times already written out (a two-week timeline has a few hundred of them); and
the overrides of a role's page, written out the same way."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.utils import formats, timezone

from incidents.selectors import display_name

from .preview import PROPOSED
from .resolve import LAYER, OVERRIDE, ROSTER, Segment

DAY = "D d/m"  # then the time, H:i


@dataclass(frozen=True)
class Stretch:
    start: datetime
    end: datetime
    user: Any
    source: str
    layer: int | None
    proposed: bool
    replaced: Any
    start_text: str = ""
    end_text: str = ""
    who: str = ""
    replaced_who: str = ""
    skipped_who: str = ""  # a deactivated account that would have been on call

    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()

    @property
    def is_gap(self) -> bool:
        return self.user is None

    @property
    def is_override(self) -> bool:
        return self.source == OVERRIDE

    @property
    def is_roster(self) -> bool:
        return self.source == ROSTER


def time_writer() -> Callable[[datetime], str]:
    """Times as date_format writes "D d/m H:i", the (translated) day written once per day
    and each moment once: a two-week timeline has hundreds of times on a dozen days (one
    stretch ends where the next begins), and date_format is slow."""
    zone = timezone.get_current_timezone()  # the reader's, as localtime would ask each time
    days: dict[date, str] = {}
    written: dict[datetime, str] = {}

    def write(moment: datetime) -> str:
        text = written.get(moment)
        if text is not None:
            return text
        local = moment.astimezone(zone)
        day = days.get(local.date())
        if day is None:
            day = days[local.date()] = formats.date_format(local, DAY)
        text = written[moment] = f"{day} {local:%H:%M}"
        return text

    return write


def segment_people(segments: Sequence[Segment]) -> set[int]:
    """The ids of everyone the segments name."""
    ids = {s.user_id for s in segments} | {s.replaced_user_id for s in segments}
    ids |= {s.skipped_user_id for s in segments}
    return {i for i in ids if i is not None}


def stretches(
    segments: Sequence[Segment],
    users: Mapping[int, Any] | None = None,
    when: Callable[[datetime], str] | None = None,
) -> list[Stretch]:
    """The segments as pages show them; `users` (by id) when the caller has read them
    already (else one query), `when` a time_writer the page shares."""
    when = when or time_writer()
    named = segment_people(segments)
    if users is None:
        users = get_user_model().objects.in_bulk(list(named))
    names = {pk: display_name(users[pk]) for pk in named if pk in users}
    return [
        Stretch(
            start=s.start,
            end=s.end,
            user=users.get(s.user_id) if s.user_id is not None else None,
            source=s.source,
            layer=s.ref if s.source == LAYER else None,
            proposed=s.source == OVERRIDE and s.ref == PROPOSED,
            replaced=users.get(s.replaced_user_id) if s.replaced_user_id else None,
            start_text=when(s.start),
            end_text=when(s.end),
            who=names.get(s.user_id, "") if s.user_id is not None else "",
            replaced_who=names.get(s.replaced_user_id, "") if s.replaced_user_id else "",
            skipped_who=names.get(s.skipped_user_id, "") if s.skipped_user_id else "",
        )
        for s in segments
    ]


class OverrideLine(NamedTuple):
    """An override in the page's list, written out."""

    pk: int
    who: str
    replaced_who: str  # "" when it covers nobody's shift
    start_text: str
    end_text: str
    note: str
    can_cancel: bool


def override_lines(
    overrides: Iterable[Any],
    names: Mapping[int, str],
    when: Callable[[datetime], str],
    can_cancel: Callable[[Any], bool],
) -> list[OverrideLine]:
    """The overrides with their people's names (`names` by id) and times written out,
    and whether the person looking may cancel each."""
    return [
        OverrideLine(
            pk=o.pk,
            who=names.get(o.user_id, ""),
            replaced_who=names.get(o.replaces_id, "") if o.replaces_id else "",
            start_text=when(o.starts_at),
            end_text=when(o.ends_at),
            note=o.note,
            can_cancel=can_cancel(o),
        )
        for o in overrides
    ]
