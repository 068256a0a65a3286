"""Why a page is sent, and what makes it pointless: every app's reasons, merged.

Each app lists a dict {reason slug: PageReason | words} in settings.NOTIFICATION_REASONS.
A PageReason says what stops it: an outbox row whose reason no longer holds is not sent
(see notifications.stopping). Plain words (a lazy string) mean PageReason(words): it
stops when the incident is resolved. A reason that must go out after the resolution
(the "incident resolved" notice, a post-mortem reminder) says StopsOn.NEVER. A reason that
pages someone as the holder of a role (or as who is on call for it) names that role: when
the role goes to someone else, such pages to the person relieved of it stop
(notifications.relief). A role key as the reason (an escalation's) names itself.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from incidents.models import RoleKey, StopsOn


@dataclass(frozen=True)
class PageReason:
    words: Any  # a lazy string, put into words in the recipient's language
    stops_on: str = StopsOn.RESOLVE
    role: str = ""  # the role (RoleKey) this reason pages people for, if any
    # Paged about something other than acknowledging the incident (an overdue stakeholder
    # update): its louder steps go on past the acknowledgement, until the person answers.
    until_answered: bool = False

    def __str__(self) -> str:
        return str(self.words)


@cache
def _reasons(paths: tuple[str, ...]) -> dict[str, PageReason]:
    merged: dict[str, PageReason] = {}
    for path in paths:
        for slug, value in import_string(path).items():
            merged[slug] = value if isinstance(value, PageReason) else PageReason(value)
    return merged


def reasons() -> dict[str, PageReason]:
    """Every app's reasons by slug, from settings.NOTIFICATION_REASONS."""
    return _reasons(tuple(getattr(settings, "NOTIFICATION_REASONS", ())))


def reason_for(reason: str) -> PageReason | None:
    """A stored reason ('slug' or 'slug:detail'): the whole of it if an app declares it,
    else its head; None for a reason nobody declares (a role key, an old row)."""
    known = reasons()
    return known.get(reason) or known.get(reason.split(":", 1)[0])


def until_answered(reason: str) -> bool:
    """Whether pages of this reason get louder past the incident's acknowledgement."""
    declared = reason_for(reason)
    return declared is not None and declared.until_answered


def stops_on(reason: str) -> str:
    """What makes a page of this reason pointless (StopsOn); undeclared ones stop on resolve."""
    declared = reason_for(reason)
    return declared.stops_on if declared is not None else StopsOn.RESOLVE


def reason_role(reason: str) -> str:
    """The role a page of this reason was sent for ("" for none): the one it declares, or
    the role key that is the reason's head (an escalation's page)."""
    declared = reason_for(reason)
    if declared is not None:
        return declared.role
    head = reason.split(":", 1)[0]
    return head if head in RoleKey.values else ""


def reason_label(reason: str) -> str:
    """A stored reason slug (possibly 'kind:detail') as words."""
    declared = reason_for(reason)
    if declared is not None:
        return str(declared)
    head = reason.split(":", 1)[0]
    if head in RoleKey.values:
        return str(RoleKey(head).label)
    return reason
