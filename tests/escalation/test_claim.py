"""The claim is taken on the deadline as it is at that moment, not as the batch read it."""

from datetime import timedelta

from escalation.sweep import _conditional_update
from incidents.models import Deadline

from .conftest import T0

MIN = timedelta(minutes=1)


def test_a_clock_moved_after_the_batch_was_read_is_claimed_as_it_is_now(defaults, declare_at):
    incident = declare_at("P1")
    now = T0 + 40 * MIN
    read = {
        d.kind: d
        for d in incident.deadlines.filter(kind__in=["acknowledge", "escalation_engineer"])
    }
    # Meanwhile a severity change moves one clock past `now` and the other before it.
    Deadline.objects.filter(pk=read["acknowledge"].pk).update(due_at=now + 5 * MIN)
    Deadline.objects.filter(pk=read["escalation_engineer"].pk).update(due_at=now - 3 * MIN)

    claimed = _conditional_update(list(read.values()), "fired_at", now)

    assert [d.kind for d in claimed] == ["escalation_engineer"]
    assert claimed[0].due_at == now - 3 * MIN  # the level is recorded at its real time
    assert Deadline.objects.get(pk=read["acknowledge"].pk).fired_at is None
    assert Deadline.objects.get(pk=read["escalation_engineer"].pk).fired_at == now


def test_a_clock_stopped_after_the_batch_was_read_is_not_claimed(defaults, declare_at):
    incident = declare_at("P1")
    now = T0 + 40 * MIN
    ack = incident.deadlines.get(kind="acknowledge")
    Deadline.objects.filter(pk=ack.pk).update(cancelled_at=now - MIN)  # acknowledged meanwhile

    assert _conditional_update([ack], "fired_at", now) == []
    assert Deadline.objects.get(pk=ack.pk).fired_at is None
