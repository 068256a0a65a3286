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

A handler may also have a batch form, which the sweep prefers: one call for all the
batch's deadlines of that handler, returning one Outcome per deadline, in order,
with a fixed number of queries however many deadlines it gets::

    @register_batch("stakeholder_update")
    def stakeholder_updates_due(deadlines, now):
        ...
        return [Outcome(...) for deadline in deadlines]

The sweep never gives a batch form two deadlines of the same incident at once.
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
BatchHandler = Callable[[list[Deadline], datetime], list[Outcome]]

_registry: dict[str, Handler] = {}
_batch_registry: dict[str, BatchHandler] = {}


def _same(a: Callable[..., Any], b: Callable[..., Any]) -> bool:
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def register(name: str) -> Callable[[Handler], Handler]:
    """Decorator: fire deadlines of kind (or data["action"]) `name` with this function."""

    def decorator(func: Handler) -> Handler:
        existing = _registry.get(name)
        if existing is not None and not _same(existing, func):
            qualname = f"{existing.__module__}.{existing.__qualname__}"
            raise ValueError(f"A deadline handler for {name!r} is already registered: {qualname}")
        _registry[name] = func
        return func

    return decorator


def register_batch(name: str) -> Callable[[BatchHandler], BatchHandler]:
    """Decorator: the batch form of the handler registered as `name` (register that too:
    the sweep falls back to it, one deadline at a time, when a batch fails)."""

    def decorator(func: BatchHandler) -> BatchHandler:
        existing = _batch_registry.get(name)
        if existing is not None and not _same(existing, func):
            qualname = f"{existing.__module__}.{existing.__qualname__}"
            raise ValueError(f"A batch handler for {name!r} is already registered: {qualname}")
        _batch_registry[name] = func
        return func

    return decorator


def unregister(name: str) -> None:
    """For tests that register a handler of their own."""
    _registry.pop(name, None)
    _batch_registry.pop(name, None)


def registered() -> dict[str, Handler]:
    return dict(_registry)


def handler_name(deadline: Deadline) -> str | None:
    """The registered name that fires this deadline: its kind, else its data["action"]."""
    if deadline.kind in _registry:
        return deadline.kind
    action = (deadline.data or {}).get("action")
    if action and str(action) in _registry:
        return str(action)
    return None


def handler_for(deadline: Deadline) -> Handler | None:
    name = handler_name(deadline)
    return _registry[name] if name is not None else None


def batch_handler_for(deadline: Deadline) -> BatchHandler | None:
    name = handler_name(deadline)
    return _batch_registry.get(name) if name is not None else None


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
