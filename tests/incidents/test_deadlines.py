from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from incidents.models import Deadline, SeverityPolicy
from incidents.services import (
    incident_acknowledge,
    incident_change_severity,
    incident_declare,
    incident_resolve,
)

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def _due(incident):
    return {d.kind: d.due_at for d in Deadline.objects.filter(incident=incident).pending()}


@pytest.mark.parametrize(
    ("severity", "ack", "engineer", "commander_min", "backlog"),
    [
        ("P0", 15, 30, 0, None),
        ("P1", 60, 120, 240, None),
        ("P2", 240, 480, 960, None),
        ("P3", 1440, None, None, 2880),
    ],
)
def test_deadlines_follow_the_playbook_matrix(
    declare, severity, ack, engineer, commander_min, backlog
):
    with time_machine.travel(T0, tick=False):
        incident = declare(severity)
    due = _due(incident)
    assert due["acknowledge"] == T0 + timedelta(minutes=ack)
    assert due.get("escalation_engineer") == (
        T0 + timedelta(minutes=engineer) if engineer else None
    )
    assert due.get("incident_commander") == (
        T0 + timedelta(minutes=commander_min) if commander_min is not None else None
    )
    assert due.get("backlog") == (T0 + timedelta(minutes=backlog) if backlog else None)


def test_deadline_is_due_exactly_at_the_boundary(declare):
    with time_machine.travel(T0, tick=False):
        incident = declare("P1")
    ack = Deadline.objects.get(incident=incident, kind="acknowledge")
    with time_machine.travel(T0 + timedelta(minutes=60) - timedelta(microseconds=1), tick=False):
        assert (
            not Deadline.objects.pending().filter(due_at__lte=datetime.now(UTC), pk=ack.pk).exists()
        )
    with time_machine.travel(T0 + timedelta(minutes=60), tick=False):
        assert Deadline.objects.pending().filter(due_at__lte=datetime.now(UTC), pk=ack.pk).exists()


def test_incident_keeps_the_policy_it_opened_under(declare):
    with time_machine.travel(T0, tick=False):
        incident = declare("P1")
    SeverityPolicy.objects.filter(severity="P1").update(acknowledge_minutes=5)
    incident.refresh_from_db()
    assert incident.acknowledge_minutes == 60
    assert _due(incident)["acknowledge"] == T0 + timedelta(minutes=60)


def test_severity_change_recomputes_from_opening_time(declare, commander):
    with time_machine.travel(T0, tick=False):
        incident = declare("P2")
    with time_machine.travel(T0 + timedelta(minutes=40), tick=False):
        incident_change_severity(incident=incident, severity="P0", by=commander, reason="all down")
    due = _due(incident)
    assert due["acknowledge"] == T0 + timedelta(minutes=15)
    assert due["escalation_engineer"] == T0 + timedelta(minutes=30)
    assert due["incident_commander"] == T0
    assert incident.timeline.filter(kind="severity_changed").count() == 1


def test_severity_lowered_to_p3_swaps_escalation_for_backlog(declare, commander):
    with time_machine.travel(T0, tick=False):
        incident = declare("P1")
        incident_change_severity(incident=incident, severity="P3", by=commander)
    due = _due(incident)
    assert "escalation_engineer" not in due and "incident_commander" not in due
    assert due["backlog"] == T0 + timedelta(minutes=2880)


def test_fired_deadline_is_not_rearmed_by_a_severity_change(declare, commander):
    with time_machine.travel(T0, tick=False):
        incident = declare("P1")
    Deadline.objects.filter(incident=incident, kind="acknowledge").update(fired_at=T0)
    incident_change_severity(incident=incident, severity="P0", by=commander)
    row = Deadline.objects.get(incident=incident, kind="acknowledge")
    assert row.fired_at == T0 and row.due_at == T0 + timedelta(minutes=60)


def test_acknowledge_stops_only_the_acknowledge_clock(declare, responder):
    incident = declare("P1")
    incident_acknowledge(incident=incident, by=responder)
    assert set(_due(incident)) == {"escalation_engineer", "incident_commander"}


def test_resolve_stops_every_clock(declare, responder):
    incident = declare("P1")
    incident_acknowledge(incident=incident, by=responder)
    incident_resolve(incident=incident, by=responder)
    # Only the clocks that start at resolution are left (the P1's post-incident review).
    left = Deadline.objects.filter(incident=incident).pending()
    assert {d.stops_on for d in left} <= {"never"}
    assert {d.kind for d in left} == {"review_draft", "review_meeting", "review_actions"}


def test_declare_without_policy_is_refused(db, django_user_model):
    from incidents.errors import IncidentActionError

    user = django_user_model.objects.create_user("x", password="x")
    with pytest.raises(IncidentActionError):
        incident_declare(title="Something broke", severity="P1", by=user)
