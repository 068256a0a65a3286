"""The escalation sweep fires the runbook's deadlines (scenario rules, failed rollback, LGPD)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from escalation.models import OnCallShift
from incidents.models import Role, RoleKey
from incidents.services import incident_declare
from runbooks.models import Section
from runbooks.services import breach_confirm, personal_data_answer, scenario_attach, step_mark

from .conftest import scenario_titled

sweep = pytest.importorskip("escalation.sweep", reason="the SLA sweep is not on this checkout yet")

SP = ZoneInfo("America/Sao_Paulo")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=SP)


@pytest.fixture
def on_call(imported, responder2, commander):
    for key, user in (
        (RoleKey.ESCALATION_ENGINEER, responder2),
        (RoleKey.INCIDENT_COMMANDER, commander),
    ):
        OnCallShift.objects.create(
            role=Role.objects.get(key=key), user=user, starts_at=T0 - timedelta(days=1)
        )


def sweep_at(when: datetime) -> None:
    """One sweep with the clock stopped at `when`."""
    with time_machine.travel(when, tick=False):
        sweep.sweep_due_deadlines(when)


def holder(incident, key):
    row = incident.assignments.filter(role__key=key, ended_at__isnull=True).first()
    return row.user if row else None


def test_memory_leak_rule_brings_the_escalation_engineer_after_one_hour(
    on_call, commander, responder, responder2
):
    """Scenario 4 is P0: its 2x clock (30 min) already brings and pages the Escalation
    Engineer, so the 1-hour rule finds them on the incident and does not page them a
    second time (one page per role per incident); its record says when they were paged."""
    from escalation.models import EscalationRecord
    from notifications.models import Notification

    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Heap out of memory", severity="P0", by=commander)
        scenario_attach(incident=incident, scenario=scenario_titled("Memory Leak"), by=responder)
    deadline = incident.deadlines.get(kind__startswith="rule:")
    sweep_at(T0 + timedelta(minutes=31))  # the P0's 30-minute Escalation Engineer clock
    engineer = EscalationRecord.objects.get(incident=incident, level=RoleKey.ESCALATION_ENGINEER)
    assert engineer.paged == responder2
    sweep_at(T0 + timedelta(minutes=59))
    assert not EscalationRecord.objects.filter(incident=incident, level=deadline.kind).exists()
    sweep_at(T0 + timedelta(minutes=61))
    record = EscalationRecord.objects.get(incident=incident, level=deadline.kind)
    assert record.paged is None, record.summary  # not paged again...
    assert record.data["user_id"] == responder2.pk  # ...the Escalation Engineer already was
    paged_at = datetime.fromisoformat(record.data["already_paged_at"])
    assert paged_at == T0 + timedelta(minutes=31)
    assert holder(incident, RoleKey.ESCALATION_ENGINEER) == responder2
    engineer_pages = Notification.objects.filter(
        incident=incident, user=responder2, root__isnull=True, reason=RoleKey.ESCALATION_ENGINEER
    )
    assert engineer_pages.count() == 1


def test_failed_rollback_pages_the_escalation_engineer_at_once(
    on_call, commander, responder, responder2
):
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Deploy broke prod", severity="P1", by=commander)
        scenario_attach(incident=incident, scenario=scenario_titled("Deploy Failed"), by=responder)
        rollback = incident.runbook.scenario.steps.filter(section=Section.ROLLBACK).first()
        step_mark(incident=incident, step=rollback, state="failed", by=responder)
        sweep.sweep_due_deadlines(T0)
    assert holder(incident, RoleKey.ESCALATION_ENGINEER) == responder2


def test_lgpd_deadline_fires_even_after_resolution(on_call, commander, responder):
    from incidents.services import incident_acknowledge, incident_resolve
    from runbooks.services import verification_waive

    answered = datetime(2026, 9, 4, 16, 30, tzinfo=SP)
    with time_machine.travel(answered, tick=False):
        incident = incident_declare(title="Data leak", severity="P0", by=commander)
        scenario_attach(
            incident=incident, scenario=scenario_titled("Security Breach"), by=responder
        )
        breach_confirm(incident=incident, by=responder)
        personal_data_answer(incident=incident, affected=True, by=responder)
        incident_acknowledge(incident=incident, by=responder)
        verification_waive(incident=incident, by=commander, reason="Forensics own it")
        incident_resolve(incident=incident, by=commander)
    due = datetime(2026, 9, 10, 16, 30, tzinfo=SP)
    sweep_at(due - timedelta(minutes=1))
    assert not incident.timeline.filter(kind="lgpd_deadline_passed").exists()
    sweep_at(due + timedelta(seconds=5))
    event = incident.timeline.get(kind="lgpd_deadline_passed")
    assert event.data["paged"] == "Carla Mendes"


def test_a_confirmed_breach_pages_legal_and_starts_the_anpd_clock_fidelity(
    on_call, commander, responder, manager
):
    from escalation.models import EscalationRecord
    from runbooks.models import EscalationRule

    OnCallShift.objects.create(
        role=Role.objects.get(key=RoleKey.LEGAL), user=manager, starts_at=T0 - timedelta(days=1)
    )
    breach = EscalationRule.objects.get(
        scenario__title__icontains="Security", kind="breach_confirmed"
    )
    level = f"rule:{breach.pk}"
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Customer data exposed", severity="P1", by=responder)
        scenario_attach(
            incident=incident, scenario=scenario_titled("Security Breach"), by=responder
        )
        sweep.sweep_due_deadlines(T0)  # the unconditional "immediately" rule fires here
    assert not incident.deadlines.filter(kind=level).exists()

    answered = T0 + timedelta(minutes=20)
    with time_machine.travel(answered, tick=False):
        breach_confirm(incident=incident, by=responder)
        sweep.sweep_due_deadlines(answered)
    record = EscalationRecord.objects.get(incident=incident, level=level)
    assert record.paged == manager and record.due_at == answered
    assert holder(incident, RoleKey.LEGAL) == manager
    escalated = incident.timeline.get(kind="escalated", data__level=level)
    assert "legal" in escalated.data["label"] and "ANPD" in escalated.data["label"]
    # Confirmed, but no personal data said to be affected yet: no regulator clock.
    assert not incident.deadlines.filter(kind="lgpd_notice").exists()
    with time_machine.travel(answered + timedelta(minutes=5), tick=False):
        personal_data_answer(incident=incident, affected=True, by=responder)
    assert incident.deadlines.get(kind="lgpd_notice").is_pending
    sweep_at(answered + timedelta(minutes=6))
    assert EscalationRecord.objects.filter(incident=incident, level=level).count() == 1
