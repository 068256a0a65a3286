"""Coverage gaps: seen by commanders, reported once a day, and a page during a gap reaches
the fallback list instead of being dropped."""

import datetime as dt

import pytest
import time_machine

from escalation.sweep import sweep_due_deadlines
from notifications.models import Notification
from schedules.gap_report import gap_report_send
from schedules.models import GapReport
from schedules.selectors import coverage_gaps

from .conftest import at

pytestmark = pytest.mark.django_db


def test_schedule_gap_detected_and_shown_to_commanders(client, rotation, team, manager):
    # Weekdays only: the weekend is a gap for the First Responder.
    rotation(people=[team["ana"], team["rafa"]], restriction="weekdays")
    rotation("escalation_engineer", people=[team["rafa"]])
    rotation("incident_commander", people=[team["carla"]])
    rotation("security_specialist", people=[team["bia"]])
    with time_machine.travel(at("2026-03-04 12:00"), tick=False):
        gaps = coverage_gaps()
        weekend = [(k, s) for k, s in gaps if k == "first_responder"]
        assert weekend[0][1].start == at("2026-03-07 00:00")
        assert weekend[0][1].end == at("2026-03-09 00:00")
        assert {k for k, _s in gaps} == {"first_responder"}
        client.force_login(team["carla"])
        assert 'id="coverage-gaps"' in client.get("/").content.decode()
        client.force_login(team["ana"])  # a responder is not warned
        assert 'id="coverage-gaps"' not in client.get("/").content.decode()


def test_schedule_gap_report_goes_once_a_day_to_managers(rotation, team, manager, settings):
    rotation(people=[team["ana"]], restriction="weekdays")
    with time_machine.travel(at("2026-03-04 07:00"), tick=False):
        assert gap_report_send(dt.datetime.now(dt.UTC)) == 0  # before 08:00
    with time_machine.travel(at("2026-03-04 08:30"), tick=False):
        now = dt.datetime.now(dt.UTC)
        assert gap_report_send(now) > 0
        assert gap_report_send(now) == 0  # once a day
    assert GapReport.objects.count() == 1
    sent = Notification.objects.filter(reason="gap_report", root__isnull=True)
    assert [n.user for n in sent] == [manager]
    assert "Primeiro Respondedor" in sent[0].body or "First Responder" in sent[0].body


def test_schedule_page_during_a_gap_reaches_the_fallback(rotation, team, declare):
    rotation("incident_commander", people=[team["carla"]])  # a P0 brings the commander in
    rotation("escalation_engineer", people=[team["rafa"]], restriction="weekdays")
    with time_machine.travel(at("2026-03-07 03:00"), tick=False):  # Saturday: nobody on
        incident = declare("P0")
    with time_machine.travel(at("2026-03-07 03:31"), tick=False):
        sweep_due_deadlines()
    event = incident.timeline.get(kind="escalated", data__role="escalation_engineer")
    assert event.data["nobody_on_call"] is True and event.data["fallback"] == ["Carla Mendes"]
    fallback = Notification.objects.get(
        incident=incident, reason="nobody_on_call:escalation_engineer", root__isnull=True
    )
    assert fallback.user == team["carla"]
