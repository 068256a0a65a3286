"""Segments as the pages show them: people instead of ids, what each stretch comes from."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from .preview import PROPOSED
from .resolve import LAYER, OVERRIDE, ROSTER, Segment


@dataclass(frozen=True)
class Stretch:
    start: datetime
    end: datetime
    user: Any
    source: str
    layer: int | None
    proposed: bool
    replaced: Any

    @property
    def is_gap(self) -> bool:
        return self.user is None

    @property
    def is_override(self) -> bool:
        return self.source == OVERRIDE

    @property
    def is_roster(self) -> bool:
        return self.source == ROSTER


def stretches(segments: Sequence[Segment]) -> list[Stretch]:
    ids = {s.user_id for s in segments} | {s.replaced_user_id for s in segments}
    users = get_user_model().objects.in_bulk([i for i in ids if i is not None])
    return [
        Stretch(
            start=s.start,
            end=s.end,
            user=users.get(s.user_id) if s.user_id is not None else None,
            source=s.source,
            layer=s.ref if s.source == LAYER else None,
            proposed=s.source == OVERRIDE and s.ref == PROPOSED,
            replaced=users.get(s.replaced_user_id) if s.replaced_user_id else None,
        )
        for s in segments
    ]
