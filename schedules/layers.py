"""A rotation layer as pure data, and its turns from recurrence rules (dateutil's rrule).

Daily and weekly turns hand off at a wall-clock time in the layer's zone, so they stay at
09:00 across daylight-saving changes; "every N hours" turns are N real hours long. A
hand-off time that does not exist on a day (the clock jumps over it) happens at the first
valid moment after; an ambiguous one (the clock goes back) at its first occurrence.
"""

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import DAILY, FR, HOURLY, MO, TH, TU, WE, rrule  # type: ignore[import-untyped]

UTC = dt.UTC
WORKDAYS = (MO, TU, WE, TH, FR)
BUSINESS_START, BUSINESS_END = dt.time(9, 0), dt.time(18, 0)


class Turn(NamedTuple):
    start: dt.datetime
    end: dt.datetime
    user_id: int


def aware(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The moment a wall-clock time names in a zone: the first of two when the clock went
    back; when the clock jumped over it, the moment the jump ends (the next valid time)."""
    moment = naive.replace(tzinfo=zone, fold=0)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive:
        return moment
    return _end_of_gap(naive, zone)


def _end_of_gap(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first moment whose wall-clock time is past `naive`, which lies in a gap."""
    low = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)  # before the jump
    high = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)  # after it
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) > naive:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0).astimezone(zone)


def exists(naive: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether a wall-clock time happens at all in the zone (False inside a spring-forward gap)."""
    return aware(naive, zone).replace(tzinfo=None) == naive


def next_valid(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first wall-clock time at or after `naive` that exists in the zone."""
    return aware(naive, zone).replace(tzinfo=None)


@lru_cache(maxsize=64)
def brazil_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("BR", years=year))


@dataclass(frozen=True)
class Layer:
    rotation_id: int
    layer: int
    user_ids: tuple[int, ...]
    zone: ZoneInfo
    length: str  # "daily" | "weekly" | "hours"
    hours: int
    handoff: dt.time
    start: dt.date
    restriction: str  # "none" | "weekdays" | "business_hours"

    @property
    def _days(self) -> int:
        return 7 if self.length == "weekly" else 1

    @property
    def first_handoff(self) -> dt.datetime:
        return aware(dt.datetime.combine(self.start, self.handoff), self.zone)

    def handoff_at(self, k: int) -> dt.datetime:
        """The k-th hand-off (k=0 starts the layer)."""
        if self.length == "hours":
            return self.first_handoff + dt.timedelta(hours=self.hours * k)
        day = self.start + dt.timedelta(days=self._days * k)
        return aware(dt.datetime.combine(day, self.handoff), self.zone)

    def turn_index(self, at: dt.datetime) -> int:
        """Which turn `at` falls in (negative before the layer starts)."""
        if self.length == "hours":
            return (at - self.first_handoff) // dt.timedelta(hours=self.hours)
        local_day = at.astimezone(self.zone).date()
        k = (local_day - self.start).days // self._days
        while self.handoff_at(k) > at:
            k -= 1
        while self.handoff_at(k + 1) <= at:
            k += 1
        return k

    def handoffs(self, k: int) -> rrule:
        """The recurrence of hand-offs from the k-th one on (naive local for wall-clock
        turns, UTC for N-hour turns): the rule every turn is read from."""
        if self.length == "hours":
            start = self.handoff_at(k).astimezone(UTC).replace(tzinfo=None)
            return rrule(HOURLY, interval=self.hours, dtstart=start)
        day = self.start + dt.timedelta(days=self._days * k)
        return rrule(DAILY, interval=self._days, dtstart=dt.datetime.combine(day, self.handoff))

    def _moment(self, naive: dt.datetime) -> dt.datetime:
        if self.length == "hours":
            return naive.replace(tzinfo=UTC)
        return aware(naive, self.zone)

    def turns(self, start: dt.datetime, end: dt.datetime) -> Iterator[Turn]:
        """Every turn overlapping [start, end), whole (not clipped)."""
        if not self.user_ids or end <= start:
            return
        k = max(self.turn_index(start), 0)
        size = len(self.user_ids)
        moments = (self._moment(naive) for naive in self.handoffs(k))
        begin = next(moments)
        for finish in moments:
            if begin >= end:
                return
            if finish > start:
                yield Turn(begin, finish, self.user_ids[k % size])
            begin, k = finish, k + 1

    def windows(self, start: dt.datetime, end: dt.datetime) -> Iterator[tuple[dt.datetime, ...]]:
        """The stretches of [start, end) the restriction leaves on duty."""
        if self.restriction == "none":
            yield start, end
            return
        business = self.restriction == "business_hours"
        first = start.astimezone(self.zone).date() - dt.timedelta(days=1)
        days = rrule(DAILY, byweekday=WORKDAYS, dtstart=dt.datetime.combine(first, dt.time()))
        for day in days:
            if aware(day, self.zone) >= end:
                return
            if business and day.date() in brazil_holidays(day.year):
                continue
            opens = BUSINESS_START if business else dt.time()
            closes = day + (dt.timedelta(hours=18) if business else dt.timedelta(days=1))
            begin = max(aware(dt.datetime.combine(day.date(), opens), self.zone), start)
            finish = min(aware(closes, self.zone), end)
            if begin < finish:
                yield begin, finish

    def in_window(self, at: dt.datetime) -> bool:
        """Whether the restriction keeps the layer on duty at `at` (what windows() yields)."""
        if self.restriction == "none":
            return True
        local = at.astimezone(self.zone)
        if local.weekday() >= 5:
            return False
        if self.restriction == "weekdays":
            return True
        if local.date() in brazil_holidays(local.year):
            return False
        opens = aware(dt.datetime.combine(local.date(), BUSINESS_START), self.zone)
        closes = aware(dt.datetime.combine(local.date(), BUSINESS_END), self.zone)
        return opens <= at < closes

    def on_duty_at(self, at: dt.datetime) -> int | None:
        """Whose turn it is at `at` if the layer is on duty then (what on_duty() yields)."""
        if not self.user_ids or at < self.first_handoff or not self.in_window(at):
            return None
        return self.user_ids[self.turn_index(at) % len(self.user_ids)]

    def on_duty(self, start: dt.datetime, end: dt.datetime) -> Iterator[Turn]:
        """Who this layer puts on call within [start, end), clipped to it and to the
        layer's restriction."""
        if self.first_handoff >= end:
            return
        start = max(start, self.first_handoff)
        windows = list(self.windows(start, end))
        first = 0  # turns and windows both come in order: pass over each window once
        for turn in self.turns(start, end):
            while first < len(windows) and windows[first][1] <= turn.start:
                first += 1  # ends before this turn, so before every later one too
            for w_start, w_end in itertools.islice(windows, first, None):
                if w_start >= turn.end:
                    break
                begin, finish = max(turn.start, w_start, start), min(turn.end, w_end, end)
                if begin < finish:
                    yield Turn(begin, finish, turn.user_id)
