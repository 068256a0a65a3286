"""What people do to an incident changes what the sweep fires."""

from datetime import timedelta

import pytest
import time_machine

from escalation.actions.common import nobody_on_call
from escalation.models import EscalationRecord
from incidents.deadline_handlers import Outcome, deadline_handler, handler_for, handlers
from incidents.models import Deadline, Incident, IncidentStatus
from incidents.services import (
    deadline_set,
    incident_acknowledge,
    incident_change_severity,
    incident_resolve,
)

from .conftest import T0, levels, pages, timeline_kinds

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)


def test_p2_raised_to_p0_after_40_minutes_escalates_at_the_next_sweep_in_order(
    oncall, declare_at, sweep_at, commander
):
    incident = declare_at("P2")
    sweep_at(T0 + 39 * MIN)
    assert levels(incident) == []
    with time_machine.travel(T0 + 40 * MIN, tick=False):
        incident_change_severity(incident=incident, severity="P0", by=commander, reason="all down")
    assert sweep_at(T0 + 40 * MIN + 5 * timedelta(seconds=1)) == 3
    records = (
        EscalationRecord.objects.filter(incident=incident)
        .exclude(level="first_page")
        .order_by("id")
    )
    assert [r.level for r in records] == [
        "incident_commander",
        "acknowledge",
        "escalation_engineer",
    ]
    assert [r.due_at for r in records] == sorted(r.due_at for r in records)
    assert len(pages(incident)) == 3
    sweep_at(T0 + 24 * 60 * MIN)
    assert len(levels(incident)) == 3, "P0 has nothing after 30 min; nothing fires twice"


def test_severity_lowered_before_2x_cancels_the_escalations(
    oncall, declare_at, sweep_at, commander
):
    incident = declare_at("P1")
    with time_machine.travel(T0 + 30 * MIN, tick=False):
        incident_change_severity(incident=incident, severity="P3", by=commander)
    sweep_at(T0 + 300 * MIN)
    assert levels(incident) == []
    sweep_at(T0 + 1440 * MIN)
    assert levels(incident) == ["acknowledge"]


def test_severity_lowered_after_a_level_fired_does_not_fire_it_again(
    oncall, declare_at, sweep_at, commander
):
    incident = declare_at("P0")
    sweep_at(T0 + 31 * MIN)
    assert levels(incident) == ["incident_commander", "acknowledge", "escalation_engineer"]
    with time_machine.travel(T0 + 32 * MIN, tick=False):
        incident_change_severity(incident=incident, severity="P1", by=commander)
    sweep_at(T0 + 300 * MIN)
    assert levels(incident) == ["incident_commander", "acknowledge", "escalation_engineer"]
    assert len(pages(incident)) == 3


def test_acknowledging_stops_the_breach_but_not_the_escalation(
    oncall, declare_at, sweep_at, responder
):
    incident = declare_at("P1")
    with time_machine.travel(T0 + 59 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)
    sweep_at(T0 + 60 * MIN)
    assert levels(incident) == []
    assert "sla_breached" not in timeline_kinds(incident)
    sweep_at(T0 + 120 * MIN)
    assert levels(incident) == ["escalation_engineer"]


def test_resolving_stops_every_clock(oncall, declare_at, sweep_at, responder):
    incident = declare_at("P1")
    with time_machine.travel(T0 + 10 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)
        incident_resolve(incident=incident, by=responder)
    sweep_at(T0 + 1000 * MIN)
    assert levels(incident) == [] and pages(incident) == []


def test_a_clock_left_running_on_a_resolved_incident_is_stopped_not_fired(
    oncall, declare_at, sweep_at
):
    incident = declare_at("P1")
    # As if a bug (or a raw SQL fix) resolved it without stopping its clocks.
    Incident.objects.filter(pk=incident.pk).update(status=IncidentStatus.RESOLVED)
    sweep_at(T0 + 1000 * MIN)
    assert levels(incident) == []
    assert not incident.deadlines.pending().exists()
    stopped = incident.deadlines.filter(cancelled_at__isnull=False)
    assert stopped.count() == 4  # with the page at open


def test_a_never_stopping_deadline_fires_after_resolution(oncall, declare_at, sweep_at, responder):
    incident = declare_at("P1")
    with time_machine.travel(T0 + 1 * MIN, tick=False):
        deadline_set(
            incident=incident,
            kind="lgpd_notice_test",
            due_at=T0 + 10 * MIN,
            stops_on="never",
            data={"label": "ANPD notice due"},
        )
        incident_acknowledge(incident=incident, by=responder)
        incident_resolve(incident=incident, by=responder)
    sweep_at(T0 + 10 * MIN)
    assert levels(incident) == ["lgpd_notice_test"]
    event = incident.timeline.get(kind="deadline_reached")
    assert event.data["label"] == "ANPD notice due"


def test_nobody_on_call_is_said_loudly(defaults, declare_at, sweep_at, client, commander):
    incident = declare_at("P0")
    sweep_at(T0 + 1 * MIN)
    event = incident.timeline.get(kind="escalated")
    assert event.data["nobody_on_call"] is True
    record = EscalationRecord.objects.get(incident=incident, level="incident_commander")
    # Written in the site's language (pt-BR by default), as the sweep's worker would.
    # Never dropped: the commanders' fallback list (Carla) is paged instead.
    fallback = ["Carla Mendes"]
    assert record.paged is None and record.summary == nobody_on_call("incident_commander", fallback)
    assert event.data["fallback"] == fallback
    client.force_login(commander)
    client.post("/me/language/", {"language": "en"})
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "paged the fallback list (<bdi>Carla Mendes</bdi>)" in page and 'class="tl-loud"' in page


def test_scenario_rule_escalates_through_the_generic_action(oncall, declare_at, sweep_at):
    incident = declare_at("P2")
    with time_machine.travel(T0, tick=False):
        deadline_set(
            incident=incident,
            kind="scenario_memory_leak",
            due_at=T0 + 60 * MIN,
            data={
                "action": "escalate",
                "target": "escalation_engineer",
                "label": "Memory leak: 1 h",
            },
        )
    sweep_at(T0 + 60 * MIN)
    assert levels(incident) == ["scenario_memory_leak"]
    event = incident.timeline.get(kind="escalated")
    assert event.data["role"] == "escalation_engineer" and event.data["multiple"] == 0.25
    assert [uid for uid, _k in pages(incident)] == [oncall["escalation_engineer"].pk]


_calls: list = []
_failures_left = [0]


@deadline_handler("test_recurring")
def recurring(deadlines, now):
    _calls.extend(deadline.due_at for deadline in deadlines)
    return [Outcome(summary="update due") for _deadline in deadlines]


@deadline_handler("test_flaky")
def flaky(deadlines, now):
    if _failures_left[0]:
        _failures_left[0] -= 1
        raise RuntimeError("provider down")
    return [Outcome(summary="ok") for _deadline in deadlines]


@pytest.fixture
def test_handlers(settings):
    settings.DEADLINE_HANDLERS = [
        *settings.DEADLINE_HANDLERS,
        f"{__name__}.recurring",
        f"{__name__}.flaky",
    ]
    _calls.clear()
    _failures_left[0] = 0


def test_a_recurring_clock_fires_again_once_rearmed(oncall, declare_at, sweep_at, test_handlers):
    incident = declare_at("P1")
    deadline_set(incident=incident, kind="test_recurring", due_at=T0 + 30 * MIN)
    sweep_at(T0 + 30 * MIN)
    deadline_set(
        incident=incident, kind="test_recurring", due_at=T0 + 60 * MIN - timedelta(seconds=1)
    )
    sweep_at(T0 + 60 * MIN - timedelta(seconds=1))
    sweep_at(T0 + 60 * MIN - timedelta(seconds=1))
    assert _calls == [T0 + 30 * MIN, T0 + 60 * MIN - timedelta(seconds=1)]


def test_a_failing_handler_leaves_its_deadline_for_the_next_sweep_and_others_fire(
    oncall, declare_at, sweep_at, test_handlers
):
    incident = declare_at("P1")
    other = declare_at("P1", title="Search is down")
    _failures_left[0] = 2  # once with its batch, once alone: then the sweep gives up until next
    deadline_set(incident=incident, kind="test_flaky", due_at=T0 + 5 * MIN)
    # Both pages at open and both breaches fire, the flaky one does not.
    assert sweep_at(T0 + 60 * MIN) == 4
    assert Deadline.objects.get(incident=incident, kind="test_flaky").is_pending
    assert levels(incident) == ["acknowledge"] and levels(other) == ["acknowledge"]
    assert sweep_at(T0 + 60 * MIN + timedelta(seconds=5)) == 1
    assert levels(incident) == ["acknowledge", "test_flaky"]
    assert len(pages(incident)) == 1 and len(pages(other)) == 1


def test_handler_is_found_by_kind_then_by_action(oncall):
    known = handlers()
    assert {
        "acknowledge",
        "escalation_engineer",
        "incident_commander",
        "backlog",
        "escalate",
    } <= set(known)
    by_action = Deadline(
        kind="scenario_x", data={"action": "escalate", "target": "incident_commander"}
    )
    assert handler_for(by_action) is known["escalate"]
    assert handler_for(Deadline(kind="acknowledge")) is known["acknowledge"]
    assert handler_for(Deadline(kind="unknown", data={})) is None
