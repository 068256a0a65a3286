"""The one sweep: fire every due deadline exactly once.

Reads only pending deadlines with due_at <= now, soonest first (a range scan of
the partial index `deadline_pending_due`), in bounded batches. Each batch is one
transaction that

1. locks their incidents with SELECT ... FOR UPDATE SKIP LOCKED (the services' lock
   order: incident first, then its deadlines), so concurrent sweeps split the work
   instead of waiting, and reads the deadlines again as they are under those locks;
2. cancels deadlines that no longer apply (acknowledged / resolved / backlogged);
3. claims the rest with one conditional UPDATE ... WHERE fired_at IS NULL AND
   cancelled_at IS NULL AND due_at <= now RETURNING id: only those are fired here;
4. runs the claimed deadlines' handlers (each handler once for all its deadlines of
   the batch, in rounds so that each incident's levels fire in order; see
   incidents/deadline_handlers.py) and bulk-writes their EscalationRecords,
   unique per (incident, level, due_at), the second guard, in one savepoint; if
   anything in it fails, that savepoint is rolled back and the batch is fired
   again one deadline per savepoint (the same handler, called with one deadline), so only
   the failing one is left out.

A handler that raises is rolled back alone and its deadline un-claimed, so the
next sweep tries again. Nothing about time lives in a Celery message: a lost
message, a killed worker or a second beat process cannot lose or double a level.
"""

import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bulkcopy import insert_rows
from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.deadline_handlers import Handler, Outcome, batch_scope, handler_for
from incidents.models import Deadline, Incident, StopsOn

from . import events
from .models import EscalationRecord

logger = logging.getLogger(__name__)

_INCIDENT = Deadline._meta.get_field("incident")


def sweep_due_deadlines(
    now: datetime | None = None, batch: int = 500, budget_s: float | None = None
) -> int:
    """Fire the deadlines due at `now` (default: the current time). Returns how many fired."""
    fixed_now = now
    budget = budget_s if budget_s is not None else settings.ESCALATION_SWEEP_BUDGET_SECONDS
    started = time.monotonic()
    fired = 0
    skipped: set[int] = set()
    while True:
        moment = fixed_now or timezone.now()
        fired_now, seen, passed_over = _sweep_batch(moment, batch, skipped)
        fired += fired_now
        skipped |= passed_over
        # A round that fired something may have added deadlines already due (a two-step
        # declaration's first page): look once more before leaving them to the next beat.
        if (seen < batch and not fired_now) or time.monotonic() - started > budget:
            return fired


def _sweep_batch(now: datetime, batch: int, skipped: set[int]) -> tuple[int, int, set[int]]:
    with transaction.atomic():
        due = list(
            Deadline.objects.pending()
            .filter(due_at__lte=now)
            .exclude(pk__in=skipped)
            .order_by("due_at", "id")
            .values_list("pk", "incident_id")[:batch]
        )
        if not due:
            return 0, 0, set()
        current, locked = _read_under_lock(due, now)
        to_fire: list[Deadline] = []
        to_cancel: list[Deadline] = []
        for deadline in current:
            (to_cancel if _no_longer_applies(deadline) else to_fire).append(deadline)
        if to_cancel:
            _conditional_update(to_cancel, "cancelled_at", now)
        mine = sorted(_conditional_update(to_fire, "fired_at", now), key=_soonest_first)
        # Left to whoever holds their incident: the next round of this sweep moves past them.
        passed_over = {pk for pk, incident_id in due if incident_id not in locked}
        with batch_scope({d.incident_id for d in mine}) as memo:
            fired = _fire_together(mine, now)
            if fired is None:  # something in the batch failed: isolate it, one by one
                # What the rolled-back batch remembered (who holds which role) is untrue.
                memo.pop("holders", None)
                memo.pop("paged_roles", None)
                fired = 0
                for deadline in mine:
                    if _fire(deadline, now):
                        fired += 1
                    else:
                        passed_over.add(deadline.pk)
    return fired, len(due), passed_over


def _read_under_lock(due: list[tuple[int, int]], now: datetime) -> tuple[list[Deadline], set[int]]:
    """Lock the incidents of the `due` (deadline id, incident id) pairs, skipping those
    another sweep or a person holds, then read those deadlines again as they are under the
    locks, each with its incident. Two lookups by key: a join on a long id list costs
    PostgreSQL more to plan than to run. Returns (deadlines soonest first, locked ids)."""
    incidents = Incident.objects.locked(
        {incident_id for _pk, incident_id in due}, skip_locked=True
    ).in_bulk()
    current = list(
        Deadline.objects.pending()
        .filter(pk__in=[pk for pk, incident_id in due if incident_id in incidents])
        .filter(due_at__lte=now)
        .order_by("due_at", "id")
    )
    for deadline in current:
        _INCIDENT.set_cached_value(deadline, incidents[deadline.incident_id])
    return current, set(incidents)


def _soonest_first(deadline: Deadline) -> tuple[datetime, int]:
    return deadline.due_at, deadline.pk


def _fire_together(deadlines: list[Deadline], now: datetime) -> int | None:
    """The fast path: every handler of the batch and one bulk write of their records in a
    single savepoint. None when anything failed: all of it is rolled back for the slow path."""
    if not deadlines:
        return 0
    try:
        with transaction.atomic():
            outcomes: dict[int, Outcome] = {}
            for round_ in _rounds(deadlines):
                outcomes.update(_fire_round(round_, now))
            _record_all(deadlines, now, outcomes)
    except Exception:
        logger.info("A batch of %s deadlines failed together; firing one by one", len(deadlines))
        return None
    return len(deadlines)


def _rounds(deadlines: list[Deadline]) -> list[list[Deadline]]:
    """Split the (due_at-ordered) batch so no incident has two deadlines in one round: an
    incident's levels then fire in order, each round seeing what the one before wrote."""
    rounds: list[list[Deadline]] = []
    seen: dict[int, int] = {}
    for deadline in deadlines:
        n = seen.get(deadline.incident_id, 0)
        seen[deadline.incident_id] = n + 1
        if n == len(rounds):
            rounds.append([])
        rounds[n].append(deadline)
    return rounds


def _fire_round(deadlines: list[Deadline], now: datetime) -> dict[int, Outcome]:
    """One call per handler for its group of the round."""
    groups: dict[Handler, list[Deadline]] = {}
    for deadline in deadlines:
        groups.setdefault(_handler(deadline), []).append(deadline)
    outcomes: dict[int, Outcome] = {}
    for handler, group in groups.items():
        outcomes.update(zip((d.pk for d in group), _run(handler, group, now), strict=True))
    return outcomes


def _run(handler: Handler, deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    results = handler(deadlines, now)
    if len(results) != len(deadlines):
        raise RuntimeError(f"{handler.__qualname__} returned the wrong number of outcomes")
    return [outcome or Outcome() for outcome in results]


def _handler(deadline: Deadline) -> Handler:
    """The handler listed for its kind, else the fallback that just says the deadline passed."""
    return handler_for(deadline) or _deadlines_reached


_RECORD_FIELDS = (
    "incident_id", "deadline_id", "level", "due_at", "fired_at", "paged_id", "summary", "data"
)  # fmt: skip


def _record_all(deadlines: list[Deadline], now: datetime, outcomes: dict[int, Outcome]) -> None:
    """The batch's EscalationRecords, one statement; the unique level guard applies."""
    rows = []
    for d in deadlines:
        outcome = outcomes[d.pk]
        paged = outcome.paged.pk if outcome.paged is not None else None
        summary = str(outcome.summary)[:300]
        rows.append((d.incident_id, d.pk, d.kind, d.due_at, now, paged, summary, outcome.data))
    insert_rows(EscalationRecord, _RECORD_FIELDS, rows)


def _no_longer_applies(deadline: Deadline) -> bool:
    """Belt and braces: the services stop these clocks; never fire one they missed."""
    incident = deadline.incident
    if deadline.stops_on == StopsOn.NEVER:
        return False
    if not incident.is_open or incident.backlogged_at is not None:
        return True
    return deadline.stops_on == StopsOn.ACKNOWLEDGE and incident.acknowledged_at is not None


def _conditional_update(deadlines: list[Deadline], column: str, now: datetime) -> list[Deadline]:
    """Set `column` on those of `deadlines` still pending and due; return them, in order.

    A new statement sees every change committed since the batch was read: a deadline
    stopped or moved later meanwhile is left alone, one moved earlier gets its new time.
    """
    if not deadlines:
        return []
    table = connection.ops.quote_name(Deadline._meta.db_table)
    placeholders = ", ".join(["%s"] * len(deadlines))
    sql = (
        f"UPDATE {table} SET {column} = %s WHERE id IN ({placeholders}) "  # noqa: S608
        "AND fired_at IS NULL AND cancelled_at IS NULL AND due_at <= %s RETURNING id, due_at"
    )
    moment = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment, *(d.pk for d in deadlines), moment])
        changed = dict(cursor.fetchall())
    updated = []
    for deadline in deadlines:
        if deadline.pk in changed:
            deadline.due_at = _as_datetime(changed[deadline.pk])
            updated.append(deadline)
    return updated


def _as_datetime(value: datetime | str) -> datetime:
    """A RETURNING timestamp: PostgreSQL gives it aware, SQLite naive in UTC (or as text)."""
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    if parsed is None:
        raise ValueError(f"Not a timestamp: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


class _AlreadyRecorded(Exception):
    pass


def _fire(deadline: Deadline, now: datetime) -> bool:
    """Run the handler and record the level, all or nothing (one savepoint).

    False: not fired by this sweep (already recorded, or the handler failed).
    """
    try:
        with transaction.atomic():
            [outcome] = _run(_handler(deadline), [deadline], now)
            try:
                _record_all([deadline], now, {deadline.pk: outcome})
            except IntegrityError:
                raise _AlreadyRecorded from None  # rolls the handler's writes back too
    except _AlreadyRecorded:
        # Someone already fired this level: keep the deadline fired, do nothing twice.
        logger.warning(
            "Deadline %s (%s) already recorded: not fired again", deadline.pk, deadline.kind
        )
        return False
    except Exception:
        logger.exception(
            "Deadline %s (%s): handler failed, the next sweep retries", deadline.pk, deadline.kind
        )
        _unclaim(deadline.pk)
        return False
    return True


def _unclaim(deadline_id: int) -> None:
    """Give the deadline back (this transaction still holds its row lock)."""
    Deadline.objects.filter(pk=deadline_id).update(fired_at=None)


def _reached_data(deadline: Deadline) -> dict[str, str]:
    return {"level": deadline.kind, "label": deadline.label, "due_at": deadline.due_at.isoformat()}


def _deadlines_reached(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    """No app offers a handler for these kinds: at least nobody misses that they passed."""
    data = [_reached_data(d) for d in deadlines]
    entries = [
        TimelineEntry(d.incident, events.DEADLINE_REACHED, item)
        for d, item in zip(deadlines, data, strict=True)
    ]
    timeline_append_many(entries, at=now)
    summary = _("Deadline reached")
    return [Outcome(summary=summary, data=item) for item in data]
