"""Segments as the pages show them: people instead of ids, what each stretch comes from,
and its times already written out (a two-week timeline has a few hundred of them)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

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


def _writer() -> Callable[[datetime], str]:
    """Times as date_format writes "D d/m H:i", the (translated) day written once per day:
    a two-week timeline has hundreds of times on a dozen days, and date_format is slow."""
    days: dict[date, str] = {}

    def write(moment: datetime) -> str:
        local = timezone.localtime(moment)
        day = days.get(local.date())
        if day is None:
            day = days[local.date()] = formats.date_format(local, DAY)
        return f"{day} {local:%H:%M}"

    return write


def stretches(segments: Sequence[Segment]) -> list[Stretch]:
    when = _writer()
    ids = {s.user_id for s in segments} | {s.replaced_user_id for s in segments}
    ids |= {s.skipped_user_id for s in segments}
    users = get_user_model().objects.in_bulk([i for i in ids if i is not None])
    names = {pk: display_name(user) for pk, user in users.items()}
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
