"""The incident page's timeline as a responder reads it: filtered (all / people / paging /
checklist) and with long runs of paging attempts folded into one line with a count.

Which kinds are "paging" or "checklist" is each app's to say: settings.TIMELINE_EVENT_GROUPS
lists dotted paths to dicts ``{kind: group}``. "people" is everything a person did.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .models import TimelineEvent

PAGING = "paging"
CHECKLIST = "checklist"
PEOPLE = "people"
ALL = "all"
FILTERS = {
    ALL: _("All"),
    PEOPLE: _("People"),
    PAGING: _("Paging"),
    CHECKLIST: _("Checklist"),
}
# A run of at least this many paging entries in a row is shown as one line.
FOLD_AT = 3
SESSION_KEY = "timeline_filter"


@cache
def _groups_from(paths: tuple[str, ...]) -> dict[str, str]:
    groups: dict[str, str] = {}
    for path in paths:
        groups.update(import_string(path))
    return groups


def event_groups() -> dict[str, str]:
    """{kind: group} from settings.TIMELINE_EVENT_GROUPS (read when used)."""
    return _groups_from(tuple(getattr(settings, "TIMELINE_EVENT_GROUPS", [])))


def in_group(event: TimelineEvent, group: str, groups: dict[str, str]) -> bool:
    if group == ALL:
        return True
    if group == PEOPLE:
        return event.actor_id is not None
    return groups.get(event.kind) == group


@dataclass
class TimelineItem:
    """One line of the timeline: an event, or a folded run of paging events."""

    events: list[TimelineEvent] = field(default_factory=list)

    @property
    def event(self) -> TimelineEvent:
        return self.events[0]

    @property
    def folded(self) -> bool:
        return len(self.events) > 1

    @property
    def count(self) -> int:
        return len(self.events)

    @property
    def last(self) -> TimelineEvent:
        return self.events[-1]


def timeline_items(events: Iterable[TimelineEvent], chosen: str = ALL) -> list[TimelineItem]:
    """The events the filter keeps, in order; FOLD_AT or more system paging entries in a
    row become one folded item."""
    groups = event_groups()
    items: list[TimelineItem] = []
    run: list[TimelineEvent] = []

    def flush() -> None:
        if len(run) >= FOLD_AT:
            items.append(TimelineItem(list(run)))
        else:
            items.extend(TimelineItem([e]) for e in run)
        run.clear()

    for event in events:
        if not in_group(event, chosen, groups):
            continue
        if groups.get(event.kind) == PAGING and event.actor_id is None:
            run.append(event)
            continue
        flush()
        items.append(TimelineItem([event]))
    flush()
    return items


def chosen_filter(request: object) -> str:
    """?timeline=<filter> chooses and is remembered in the session; otherwise the last one."""
    get = getattr(request, "GET", {})
    session = getattr(request, "session", None)
    value = get.get("timeline", "")
    if value in FILTERS:
        if session is not None:
            session[SESSION_KEY] = value
        return value
    remembered = session.get(SESSION_KEY, ALL) if session is not None else ALL
    return remembered if remembered in FILTERS else ALL
