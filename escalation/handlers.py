"""What happens when a deadline comes due: a registry of handlers by name.

The sweep fires a due Deadline by calling the handler registered for its
``kind``, else the one registered for ``deadline.data["action"]``, else a
fallback that just records on the timeline that the deadline was reached.
Apps register their own handlers in their AppConfig.ready()::

    from escalation.handlers import Outcome, register

    @register("stakeholder_update")
    def stakeholder_update_due(deadline, now):
        ...
        return Outcome(summary="...")

A handler runs inside the sweep's transaction, after the deadline was claimed:
it writes through services (timeline, paging, roles) and must not commit,
sleep or call the network itself. Raising rolls back its writes and leaves the
deadline pending for the next sweep.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from incidents.models import Deadline


@dataclass
class Outcome:
    """What a handler did, kept on the EscalationRecord and shown in the Clocks panel."""

    summary: str = ""
    paged: Any = None  # the user paged, if any
    data: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[Deadline, datetime], Outcome | None]

_registry: dict[str, Handler] = {}


def register(name: str) -> Callable[[Handler], Handler]:
    """Decorator: fire deadlines of kind (or data["action"]) `name` with this function."""

    def decorator(func: Handler) -> Handler:
        existing = _registry.get(name)
        same = existing is not None and (
            (existing.__module__, existing.__qualname__) == (func.__module__, func.__qualname__)
        )
        if existing is not None and not same:
            qualname = f"{existing.__module__}.{existing.__qualname__}"
            raise ValueError(f"A deadline handler for {name!r} is already registered: {qualname}")
        _registry[name] = func
        return func

    return decorator


def unregister(name: str) -> None:
    """For tests that register a handler of their own."""
    _registry.pop(name, None)


def registered() -> dict[str, Handler]:
    return dict(_registry)


def handler_for(deadline: Deadline) -> Handler | None:
    handler = _registry.get(deadline.kind)
    if handler is None:
        action = (deadline.data or {}).get("action")
        if action:
            handler = _registry.get(str(action))
    return handler


_batch_memo: ContextVar[dict[Any, Any] | None] = ContextVar("escalation_batch_memo", default=None)


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
