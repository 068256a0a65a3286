from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from incidents.errors import IncidentActionError
from incidents.models import Deadline, IncidentStatus
from incidents.services import incident_acknowledge, incident_resolve
from runbooks.models import Section, StepProgress
from runbooks.services import (
    breach_confirm,
    personal_data_answer,
    rollback_confirm,
    scenario_attach,
    step_mark,
    step_reopen,
    verification_waive,
)

from .conftest import scenario_titled

SP = ZoneInfo("America/Sao_Paulo")


@pytest.fixture
def db_down(imported, declare, responder):
    incident = declare("P0", "Database down: every endpoint answers 500")
    scenario_attach(incident=incident, scenario=scenario_titled("Database Down"), by=responder)
    incident_acknowledge(incident=incident, by=responder)
    return incident


def kinds(incident):
    return list(incident.timeline.order_by("created_at", "id").values_list("kind", flat=True))


def steps(incident, section):
    return list(incident.runbook.scenario.steps.filter(section=section).order_by("order"))


def test_attach_puts_the_scenario_on_the_timeline(db_down):
    event = db_down.timeline.get(kind="scenario_attached")
    assert event.data["title"] == "Database Down"
    assert event.actor.username == "ana"


def test_ticking_and_skipping_record_who_and_when(db_down, responder, responder2):
    first, second, third = steps(db_down, Section.DIAGNOSIS)
    step_mark(incident=db_down, step=first, state="done", by=responder)
    with pytest.raises(IncidentActionError, match="Say why"):
        step_mark(incident=db_down, step=second, state="skipped", by=responder2)
    step_mark(incident=db_down, step=second, state="skipped", by=responder2, reason="No log access")
    done = db_down.timeline.get(kind="step_done")
    assert (done.actor, done.data["text"]) == (responder, "Verificar health check")
    skipped = db_down.timeline.get(kind="step_skipped")
    assert (skipped.actor, skipped.data["reason"]) == (responder2, "No log access")
    with pytest.raises(IncidentActionError, match="Already marked done by Ana Souza"):
        step_mark(incident=db_down, step=first, state="done", by=responder2)
    # Only rollback steps can fail.
    with pytest.raises(IncidentActionError, match="Only rollback steps"):
        step_mark(incident=db_down, step=third, state="failed", by=responder)


def test_a_step_marked_by_mistake_is_reopened_on_the_record(db_down, responder, responder2):
    first, second, _third = steps(db_down, Section.DIAGNOSIS)
    step_mark(incident=db_down, step=first, state="done", by=responder)
    step_mark(incident=db_down, step=second, state="skipped", by=responder, reason="No access")

    step_reopen(incident=db_down, step=first, by=responder2)
    step_reopen(incident=db_down, step=second.pk, by=responder2)

    assert not StepProgress.objects.filter(incident=db_down).exists()
    reopened = list(db_down.timeline.filter(kind="step_reopened").order_by("id"))
    assert [(e.actor, e.data["text"], e.data["previous"]) for e in reopened] == [
        (responder2, first.text, "done"),
        (responder2, second.text, "skipped"),
    ]
    with pytest.raises(IncidentActionError, match="nothing to undo"):
        step_reopen(incident=db_down, step=first, by=responder)
    step_mark(incident=db_down, step=first, state="done", by=responder2)  # can be ticked again
    assert StepProgress.objects.get(incident=db_down, step=first).by == responder2


def test_reopening_a_verification_step_puts_the_resolve_gate_back(db_down, responder):
    verification = steps(db_down, Section.VERIFICATION)
    for step in verification:
        step_mark(incident=db_down, step=step, state="done", by=responder)
    step_reopen(incident=db_down, step=verification[0], by=responder)
    with pytest.raises(IncidentActionError, match="1 step left"):
        incident_resolve(incident=db_down, by=responder)


def test_step_of_another_scenario_is_refused(db_down, responder):
    foreign = scenario_titled("Frontend Down").steps.first()
    with pytest.raises(IncidentActionError, match="not part of this incident"):
        step_mark(incident=db_down, step=foreign, state="done", by=responder)
    assert not StepProgress.objects.exists()


def test_resolve_waits_for_verification(db_down, responder):
    with pytest.raises(IncidentActionError, match="verification is not done: 3 steps left"):
        incident_resolve(incident=db_down, by=responder)
    db_down.refresh_from_db()
    assert db_down.status == IncidentStatus.ACKNOWLEDGED
    assert "resolved" not in kinds(db_down)
    verification = steps(db_down, Section.VERIFICATION)
    for step in verification[:-1]:
        step_mark(incident=db_down, step=step, state="done", by=responder)
    # A skipped verification step does not count as verified.
    step_mark(incident=db_down, step=verification[-1], state="skipped", by=responder, reason="x")
    with pytest.raises(IncidentActionError, match="1 step left"):
        incident_resolve(incident=db_down, by=responder)
    step_mark(incident=db_down, step=verification[-1], state="done", by=responder)
    incident_resolve(incident=db_down, by=responder)
    db_down.refresh_from_db()
    assert db_down.status == IncidentStatus.RESOLVED


def test_commander_waives_verification_with_a_reason(db_down, commander, responder):
    with pytest.raises(IncidentActionError, match="Say why"):
        verification_waive(incident=db_down, by=commander, reason=" ")
    verification_waive(incident=db_down, by=commander, reason="Frontend is checked by the vendor")
    event = db_down.timeline.get(kind="verification_waived")
    assert event.data == {"reason": "Frontend is checked by the vendor", "steps_left": 3}
    incident_resolve(incident=db_down, by=responder)
    db_down.refresh_from_db()
    assert db_down.status == IncidentStatus.RESOLVED


def test_incident_without_scenario_resolves_as_before(declare, responder):
    incident = declare("P2", "Slow admin page")
    incident_acknowledge(incident=incident, by=responder)
    incident_resolve(incident=incident, by=responder)


def test_failed_rollback_escalates_to_the_escalation_engineer_at_once(imported, declare, responder):
    incident = declare("P1", "Deploy broke the build")
    scenario_attach(incident=incident, scenario=scenario_titled("Deploy Failed"), by=responder)
    rollback = steps(incident, Section.ROLLBACK)[0]
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=SP), tick=False):
        step_mark(incident=incident, step=rollback, state="failed", by=responder)
    deadline = Deadline.objects.get(incident=incident, kind="rollback_failed")
    assert deadline.due_at == datetime(2026, 3, 2, 10, 0, tzinfo=SP)
    assert deadline.data["action"] == "escalate"
    assert deadline.data["target"] == "escalation_engineer"
    assert "rollback falhou" in deadline.data["label"]
    failed = incident.timeline.get(kind="step_failed")
    assert failed.data["section"] == "rollback"


def test_security_breach_blocks_rollback_until_a_commander_confirms(
    imported, declare, responder, commander
):
    incident = declare("P0", "Unauthorized access detected")
    scenario_attach(incident=incident, scenario=scenario_titled("Security Breach"), by=responder)
    rollback = steps(incident, Section.ROLLBACK)[0]
    with pytest.raises(IncidentActionError, match="Do not roll back before the investigation"):
        step_mark(incident=incident, step=rollback, state="done", by=responder)
    rollback_confirm(incident=incident, by=commander, reason="Evidence preserved in a snapshot")
    step_mark(incident=incident, step=rollback, state="done", by=responder)
    assert "rollback_confirmed" in kinds(incident)


def test_lgpd_deadline_counts_three_business_days_across_a_holiday(
    imported, declare, responder, commander
):
    incident = declare("P0", "Data exfiltration suspected")
    scenario_attach(incident=incident, scenario=scenario_titled("Security Breach"), by=responder)
    # Friday 4 September 2026; Monday 7 September is Independence Day (national holiday).
    answered = datetime(2026, 9, 4, 16, 30, tzinfo=SP)
    with time_machine.travel(answered, tick=False):
        breach_confirm(incident=incident, by=responder)
        personal_data_answer(incident=incident, affected=True, by=responder)
    deadline = Deadline.objects.get(incident=incident, kind="lgpd_notice")
    # Sat, Sun, holiday Mon skipped: Tue 8 (1), Wed 9 (2), Thu 10 (3).
    assert deadline.due_at == datetime(2026, 9, 10, 16, 30, tzinfo=SP)
    assert deadline.stops_on == "never"
    assert "ANPD" in deadline.label
    with pytest.raises(IncidentActionError, match="Already answered yes"):
        personal_data_answer(incident=incident, affected=False, by=responder)
    # Resolving the incident does not stop the legal clock.
    incident_acknowledge(incident=incident, by=responder)
    verification_waive(incident=incident, by=commander, reason="Handled by the security team")
    incident_resolve(incident=incident, by=commander)
    deadline.refresh_from_db()
    assert deadline.is_pending


def test_personal_data_question_only_for_breach_scenarios(db_down, responder):
    with pytest.raises(IncidentActionError, match="does not ask"):
        personal_data_answer(incident=db_down, affected=True, by=responder)
