"""What happens when a deadline comes due: the handlers every app offers, and what they share.

A handler fires a batch of due deadlines of one kind (or one data["action"])::

    @deadline_handler("stakeholder_update")
    def stakeholder_updates_due(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
        ...
        return [Outcome(summary="...") for deadline in deadlines]

and is listed by its dotted path in settings.DEADLINE_HANDLERS; nothing registers it at
import or in AppConfig.ready(). The sweep (escalation.sweep) calls it once for all of a
batch's deadlines it handles, never two of one incident at once, and returns one Outcome
per deadline, in order. When anything in the batch fails, the sweep fires the batch again
one deadline per savepoint, calling the same handler as ``handler([deadline], now)``: one
implementation, so a batch fires exactly as one-at-a-time does.

A handler runs inside the sweep's transaction, after the deadline was claimed and with
its incident's row lock held: it writes through services (timeline, paging, roles) and
must not commit, sleep or call the network itself. Raising rolls back its writes and
leaves the deadline pending for the next sweep. Ideally it costs a fixed number of
queries however many deadlines it gets (see batch_memo for lookups shared by a batch).
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .models import Deadline


@dataclass
class Outcome:
    """What a handler did, kept on the EscalationRecord and shown in the Clocks panel."""

    summary: str = ""
    paged: Any = None  # the user paged, if any
    data: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[list[Deadline], datetime], Sequence[Outcome | None]]
H = TypeVar("H", bound=Handler)


def deadline_handler(*names: str) -> Callable[[H], H]:
    """Say which deadline kinds (or data["action"] values) a handler fires. Only marks the
    function: it fires nothing until its dotted path is in settings.DEADLINE_HANDLERS."""

    def decorator(func: H) -> H:
        func.deadline_names = names  # type: ignore[attr-defined]
        return func

    return decorator


@cache
def _handlers(paths: tuple[str, ...]) -> dict[str, Handler]:
    handlers: dict[str, Handler] = {}
    for path in paths:
        func = import_string(path)
        names = getattr(func, "deadline_names", ())
        if not names:
            raise ImproperlyConfigured(f"{path} names no deadline kind: use @deadline_handler")
        for name in names:
            if name in handlers and handlers[name] is not func:
                raise ImproperlyConfigured(f"Two deadline handlers for {name!r}, one is {path}")
            handlers[name] = func
    return handlers


def handlers() -> dict[str, Handler]:
    """Every handler by the name it fires, from settings.DEADLINE_HANDLERS."""
    return _handlers(tuple(getattr(settings, "DEADLINE_HANDLERS", ())))


def handler_for(deadline: Deadline) -> Handler | None:
    """The handler of the deadline's kind, else of its data["action"], else None."""
    known = handlers()
    if deadline.kind in known:
        return known[deadline.kind]
    action = (deadline.data or {}).get("action")
    return known.get(str(action)) if action else None


_batch_memo: ContextVar[dict[Any, Any] | None] = ContextVar("deadline_batch_memo", default=None)


@contextmanager
def batch_scope(incident_ids: set[int] | None = None) -> Iterator[dict[Any, Any]]:
    """While the sweep fires one batch, handlers may memoise lookups (who is on call, who
    holds which role on the batch's incidents) instead of querying once per deadline."""
    memo: dict[Any, Any] = {"incident_ids": incident_ids or set()}
    token = _batch_memo.set(memo)
    try:
        yield memo
    finally:
        _batch_memo.reset(token)


def batch_memo() -> dict[Any, Any] | None:
    return _batch_memo.get()
