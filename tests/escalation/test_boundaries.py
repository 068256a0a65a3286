"""Each severity's clocks fire at their exact moment, once, and never again."""

from datetime import timedelta

import pytest

from incidents.models import Incident

from .conftest import T0, levels, pages, timeline_kinds

pytestmark = pytest.mark.django_db
TICK = timedelta(microseconds=1)
MIN = timedelta(minutes=1)

# (severity, level, minutes after opening, timeline kind it writes)
LEVELS = [
    ("P0", "incident_commander", 0, "escalated"),
    ("P0", "acknowledge", 15, "sla_breached"),
    ("P0", "escalation_engineer", 30, "escalated"),
    ("P1", "acknowledge", 60, "sla_breached"),
    ("P1", "escalation_engineer", 120, "escalated"),
    ("P1", "incident_commander", 240, "escalated"),
    ("P2", "acknowledge", 240, "sla_breached"),
    ("P2", "escalation_engineer", 480, "escalated"),
    ("P2", "incident_commander", 960, "escalated"),
    ("P3", "acknowledge", 1440, "sla_breached"),
    ("P3", "backlog", 2880, "moved_to_backlog"),
]


@pytest.mark.parametrize(("severity", "level", "minutes", "kind"), LEVELS)
def test_level_fires_exactly_at_its_moment_and_once(
    oncall, declare_at, sweep_at, severity, level, minutes, kind
):
    incident = declare_at(severity)
    moment = T0 + minutes * MIN
    earlier = [lv for sev, lv, m, _k in LEVELS if sev == severity and m < minutes]
    if minutes:
        sweep_at(moment - TICK)
        assert levels(incident) == earlier, "nothing new just before the boundary"
    before = timeline_kinds(incident).count(kind)
    sweep_at(moment)
    assert levels(incident) == [*earlier, level]
    assert timeline_kinds(incident).count(kind) == before + 1
    sweep_at(moment)
    sweep_at(moment + 1 * MIN)
    fired_after = [lv for sev, lv, m, _k in LEVELS if sev == severity and 0 < m - minutes <= 1]
    assert levels(incident) == [*earlier, level, *fired_after]


def test_p1_full_escalation_pages_each_person_once_and_adds_them(oncall, declare_at, sweep_at):
    incident = declare_at("P1")
    for minutes in (60, 120, 240, 241, 600):
        sweep_at(T0 + minutes * MIN)
    assert levels(incident) == ["acknowledge", "escalation_engineer", "incident_commander"]
    paged = [user_id for user_id, _key in pages(incident)]
    assert paged == [
        oncall["first_responder"].pk,
        oncall["escalation_engineer"].pk,
        oncall["incident_commander"].pk,
    ]
    holders = {a.role.key: a.user for a in incident.assignments.filter(ended_at__isnull=True)}
    assert holders["escalation_engineer"] == oncall["escalation_engineer"]
    assert holders["incident_commander"] == oncall["incident_commander"]
    escalated = incident.timeline.filter(kind="escalated").order_by("id")
    assert [(e.data["role"], e.data["multiple"], e.data["user"]) for e in escalated] == [
        ("escalation_engineer", 2.0, "Rafael Costa"),
        ("incident_commander", 4.0, "Carla Mendes"),
    ]


def test_p0_brings_the_incident_commander_in_at_the_first_sweep(oncall, declare_at, sweep_at):
    incident = declare_at("P0")
    assert sweep_at(T0 + timedelta(seconds=5)) == 2  # the First Responder, then the commander
    assert levels(incident, loop=True) == ["first_page", "incident_commander"]
    assert [uid for uid, _k in pages(incident, loop=True)] == [
        oncall["first_responder"].pk,
        oncall["incident_commander"].pk,
    ]
    holder = incident.assignments.get(role__key="incident_commander", ended_at__isnull=True)
    assert holder.user == oncall["incident_commander"]
    event = incident.timeline.get(kind="escalated")
    assert event.data["at_open"] is True and event.actor is None


def test_p3_goes_to_the_backlog_at_2x_and_its_clocks_stop(oncall, declare_at, sweep_at):
    incident = declare_at("P3")
    sweep_at(T0 + 2880 * MIN)
    incident.refresh_from_db()
    assert incident.backlogged_at == T0 + 2880 * MIN
    assert levels(incident) == ["acknowledge", "backlog"]
    assert not incident.deadlines.pending().exists()
    assert timeline_kinds(incident)[-1] == "moved_to_backlog"
    assert Incident.objects.get(pk=incident.pk).is_open, "backlog is not resolution"
