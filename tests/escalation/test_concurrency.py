"""Several sweeps at once over the same due incidents: each level fires exactly once."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from escalation.models import EscalationRecord
from escalation.sweep import sweep_due_deadlines
from incidents.models import Deadline

from .conftest import T0, pages

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and SKIP LOCKED need PostgreSQL; SQLite serialises writers anyway",
)
SWEEPERS = 4
INCIDENTS = 200


@pytest.mark.django_db(transaction=True)
def test_four_sweeps_at_once_fire_each_level_exactly_once(oncall, declare_at):
    incidents = [declare_at("P0", title=f"Outage {n}") for n in range(INCIDENTS)]
    # First Responder and commander (at open), breach and engineer all due
    now = T0 + timedelta(minutes=31)
    barrier = threading.Barrier(SWEEPERS)
    fired: list[int] = []
    errors: list[BaseException] = []

    def sweeper() -> None:
        try:
            barrier.wait(timeout=30)
            fired.append(sweep_due_deadlines(now=now, batch=25))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(now, tick=False):
        threads = [threading.Thread(target=sweeper) for _ in range(SWEEPERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert not errors, errors
    assert sum(fired) == INCIDENTS * 4
    per_level = Counter(EscalationRecord.objects.values_list("incident_id", "level").order_by())
    assert len(per_level) == INCIDENTS * 4 and set(per_level.values()) == {1}
    assert not Deadline.objects.pending().filter(due_at__lte=now).exists()
    page_counts = Counter(key for incident in incidents for _uid, key in pages(incident, loop=True))
    assert len(page_counts) == INCIDENTS * 4 and set(page_counts.values()) == {1}
    assert sweep_due_deadlines(now=now) == 0


@pytest.mark.django_db(transaction=True)
def test_a_sweep_moves_past_an_incident_someone_is_changing(oncall, declare_at):
    """While a person's transaction holds one incident, the sweep fires the others at once,
    does not wait or spin on the held one, and fires it on the next sweep."""
    from incidents.models import Incident

    held, *others = [declare_at("P1", title=f"Outage {n}") for n in range(3)]
    assert sweep_due_deadlines(now=T0) == 3  # their pages at open, before anyone holds one
    now = T0 + timedelta(minutes=61)  # the P1 acknowledge SLA (1 h) has passed on all three
    locked, release = threading.Event(), threading.Event()

    def person() -> None:
        try:
            with transaction.atomic():
                list(Incident.objects.select_for_update().filter(pk=held.pk))
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=person)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        queries = CaptureQueriesContext(connection)
        with queries:
            assert sweep_due_deadlines(now=now, batch=1) == 2
        due_reads = [q for q in queries if 'FROM "incidents_deadline"' in q["sql"]]
        assert len(due_reads) <= 6  # one round per deadline, not a loop on the held one
        breached = EscalationRecord.objects.filter(level="acknowledge")
        assert set(breached.values_list("incident_id", flat=True)) == {i.pk for i in others}
    finally:
        release.set()
        thread.join(timeout=30)
    assert sweep_due_deadlines(now=now) == 1
    assert EscalationRecord.objects.filter(incident=held, level="acknowledge").count() == 1
