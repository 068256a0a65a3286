from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from incidents.models import Deadline
from incidents.services import incident_change_severity, incident_declare
from runbooks.services import scenario_attach

from .conftest import scenario_titled

SP = ZoneInfo("America/Sao_Paulo")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=SP)


def rule_deadlines(incident):
    return {
        d.data["label"]: d
        for d in Deadline.objects.filter(incident=incident, kind__startswith="rule:")
    }


def test_after_minutes_rules_count_from_opening(imported, commander, responder):
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Backend OOM crash loop", severity="P0", by=commander)
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        scenario_attach(incident=incident, scenario=scenario_titled("Memory Leak"), by=responder)
    (deadline,) = rule_deadlines(incident).values()
    assert deadline.due_at == T0 + timedelta(hours=1)
    assert deadline.data["action"] == "while_rule"  # "if the leak is not found in 1 h"
    assert deadline.data["target"] == "escalation_engineer"
    # The severity defaults are still there, next to the scenario's own rule.
    assert Deadline.objects.filter(incident=incident, kind="escalation_engineer").exists()


def test_rules_follow_a_scenario_switch_and_a_severity_change(imported, commander, responder):
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Generation fails", severity="P1", by=commander)
        scenario_attach(incident=incident, scenario=scenario_titled("OpenAI API"), by=responder)
        openai_rule = next(iter(rule_deadlines(incident).values()))
        assert openai_rule.due_at == T0 + timedelta(hours=2)
        assert openai_rule.data["target"] == "incident_commander"
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        scenario_attach(
            incident=incident, scenario=scenario_titled("Data Corruption"), by=responder
        )
    openai_rule.refresh_from_db()
    assert openai_rule.cancelled_at is not None
    pending = [d for d in rule_deadlines(incident).values() if d.is_pending]
    assert [(d.due_at, d.data["target"]) for d in pending] == [
        (T0 + timedelta(hours=1), "incident_commander")
    ]
    with time_machine.travel(T0 + timedelta(minutes=6), tick=False):
        incident_change_severity(incident=incident, severity="P0", by=commander)
    assert [d.due_at for d in rule_deadlines(incident).values() if d.is_pending] == [
        T0 + timedelta(hours=1)
    ]


def test_immediate_rule_without_condition_is_due_at_attach(imported, commander, responder):
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Unauthorized logins", severity="P0", by=commander)
    attached = T0 + timedelta(minutes=3)
    with time_machine.travel(attached, tick=False):
        scenario_attach(
            incident=incident, scenario=scenario_titled("Security Breach"), by=responder
        )
    (deadline,) = rule_deadlines(incident).values()  # the "breach confirmed" rule waits
    assert deadline.due_at == attached
    assert deadline.data["target"] == "incident_commander"


def test_recurrence_rule_escalates_when_exceeded(imported, commander, responder):
    rate_limit = scenario_titled("Rate Limit")
    incidents = []
    for hour in range(4):
        with time_machine.travel(T0 + timedelta(hours=hour), tick=False):
            incident = incident_declare(title="429 from OpenAI", severity="P2", by=commander)
            scenario_attach(incident=incident, scenario=rate_limit, by=responder)
            incidents.append(incident)
    # 1st..3rd: not more than 3 in a day; the 4th exceeds it.
    assert [bool(rule_deadlines(i)) for i in incidents] == [False, False, False, True]
    (deadline,) = rule_deadlines(incidents[3]).values()
    assert deadline.due_at == T0 + timedelta(hours=3)
    assert deadline.data["occurrences"] == 4
    assert deadline.data["target"] == "escalation_engineer"
    # A day later the window has moved on.
    with time_machine.travel(T0 + timedelta(days=1, hours=4), tick=False):
        later = incident_declare(title="429 again", severity="P2", by=commander)
        scenario_attach(incident=later, scenario=rate_limit, by=responder)
    assert not rule_deadlines(later)
