"""After an update on a P0/P1 the next is due in 30 minutes; the sweep pages the
commander once when it is overdue; each update moves it; the resolved notice stops it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from incidents.models import Role
from incidents.services import incident_acknowledge, incident_assign_role, incident_mitigate

from .helpers import send

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
OVERDUE = "stakeholder_update_overdue"


def _sweep():
    from escalation.sweep import sweep_due_deadlines

    return sweep_due_deadlines()


def _pages(incident, user):
    from notifications.models import Notification

    return Notification.objects.filter(
        incident=incident, user=user, reason=OVERDUE, root__isnull=True
    )


@pytest.fixture
def p0(comms_defaults, audiences, declare, commander):
    with time_machine.travel(T0, tick=False):
        incident = declare("P0", title="Checkout down")
        role = Role.objects.get(key="incident_commander")
        incident_assign_role(incident=incident, role=role, user=commander, by=commander)
        incident_acknowledge(incident=incident, by=commander)
        send(incident, commander, kind="notification")
    return incident


def test_next_update_due_after_30_minutes_and_paged_once(p0, commander, as_user):
    deadline = p0.deadlines.get(kind="stakeholder_update")
    assert deadline.due_at == T0 + timedelta(minutes=30)
    with time_machine.travel(T0 + timedelta(minutes=29, seconds=59), tick=False):
        _sweep()
    assert not p0.timeline.filter(kind=OVERDUE).exists()

    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        _sweep()
        _sweep()  # a second sweep (or a second beat) changes nothing
        page = as_user(commander).get(f"/incidents/{p0.pk}/").content.decode()
        dashboard = as_user(commander).get("/").content.decode()
    assert p0.timeline.filter(kind=OVERDUE).count() == 1
    assert p0.timeline.get(kind=OVERDUE).data["paged"] == "Carla Mendes"
    assert _pages(p0, commander).count() == 1
    assert 'data-testid="update-overdue"' in page
    assert f'id="incident-{p0.pk}"' in dashboard and "comms-overdue-badge" in dashboard


def test_each_update_moves_the_deadline(p0, commander, as_user):
    with time_machine.travel(T0 + timedelta(minutes=31), tick=False):
        _sweep()
        send(p0, commander, kind="status_update")
        dashboard = as_user(commander).get("/").content.decode()
    deadline = p0.deadlines.get(kind="stakeholder_update")
    assert deadline.due_at == T0 + timedelta(minutes=61) and deadline.fired_at is None
    assert "comms-overdue-badge" not in dashboard
    with time_machine.travel(T0 + timedelta(minutes=61), tick=False):
        _sweep()
    assert p0.timeline.filter(kind=OVERDUE).count() == 2  # one per missed update
    assert _pages(p0, commander).count() == 2


def test_resolved_notice_stops_the_cadence(p0, commander):
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        incident_mitigate(incident=p0, by=commander)
        send(p0, commander, kind="resolved")
    assert p0.deadlines.get(kind="stakeholder_update").cancelled_at is not None
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        _sweep()
    assert not p0.timeline.filter(kind=OVERDUE).exists()
    assert not _pages(p0, commander).exists()


def test_no_cadence_for_p2(comms_defaults, audiences, declare, commander):
    incident = declare("P2")
    send(incident, commander)
    assert not incident.deadlines.filter(kind="stakeholder_update").exists()


def test_without_a_commander_on_the_incident_the_one_on_call_is_paged(
    comms_defaults, audiences, declare, commander, manager
):
    from escalation.models import OnCallShift

    OnCallShift.objects.create(
        role=Role.objects.get(key="incident_commander"), user=manager, starts_at=T0
    )
    with time_machine.travel(T0, tick=False):
        incident = declare("P1")
        send(incident, commander)
    with time_machine.travel(T0 + timedelta(minutes=45), tick=False):
        _sweep()
    assert _pages(incident, manager).count() == 1


def test_with_no_commander_at_all_whoever_sent_the_last_update_is_paged(
    comms_defaults, audiences, declare, commander
):
    with time_machine.travel(T0, tick=False):
        incident = declare("P0")
        send(incident, commander)
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        _sweep()
    assert _pages(incident, commander).count() == 1
    assert incident.timeline.get(kind=OVERDUE).data["paged"] == "Carla Mendes"


def _louder_steps(incident):
    """(person, channels) of the overdue-update pages' louder steps still to come."""
    rows = incident.deadlines.pending().filter(kind__startswith="louder:").order_by("due_at")
    return [(r.data["user"], r.data["channels"]) for r in rows if r.data["reason"] == OVERDUE]


def test_paging_loop_overdue_update_page_gets_louder_until_the_update_is_sent(
    p0, commander, settings
):
    """The incident is acknowledged long before its first update is late: the commander's
    page for it still gets louder (SMS, then a call) until an update goes out."""
    import config.settings as shipped

    settings.PAGING_DEFAULT_RULES = shipped.PAGING_DEFAULT_RULES  # Slack, SMS at 3, call at 6
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        _sweep()
    assert [p.channel for p in _pages(p0, commander)] == ["slack"]
    assert _louder_steps(p0) == [("Carla Mendes", ["sms"]), ("Carla Mendes", ["voice"])]
    with time_machine.travel(T0 + timedelta(minutes=33), tick=False):
        _sweep()  # no answer on Slack: the SMS goes
    louder = p0.notifications.filter(user=commander, root__isnull=True, reason__endswith=OVERDUE)
    assert [(p.channel, p.reason) for p in louder] == [
        ("slack", OVERDUE),
        ("sms", f"louder_until_answered:{OVERDUE}"),
    ]

    with time_machine.travel(T0 + timedelta(minutes=34), tick=False):
        send(p0, commander, kind="status_update")  # the update she was paged for
    assert _louder_steps(p0) == []  # no call
    assert _pages(p0, commander).get().acknowledged_at == T0 + timedelta(minutes=34)
