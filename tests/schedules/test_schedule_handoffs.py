"""Hand-offs: planned from the schedule, fired once by the sweep, the incoming person told
over their first channel with the open incidents the outgoing person holds."""

import datetime as dt

import pytest
import time_machine

from escalation.services import sweep_steps
from incidents.models import Role
from incidents.services import incident_assign_role
from notifications.models import Notification
from schedules.handoffs import handoffs_fire, handoffs_plan
from schedules.models import Handoff, ScheduleEvent
from schedules.services import override_create

from .conftest import at

pytestmark = pytest.mark.django_db


def sweep(when: dt.datetime) -> None:
    with time_machine.travel(when, tick=False):
        sweep_steps()


def test_schedule_handoff_message_once_with_outgoing_incidents(rotation, team, declare):
    with time_machine.travel(at("2026-03-01 12:00"), tick=False):
        rotation(people=[team["ana"], team["rafa"]])  # Ana this week, Rafael from Mon 09:00
    with time_machine.travel(at("2026-03-08 20:00"), tick=False):
        incident = declare("P2", title="Fila de e-mails parada")
        incident_assign_role(
            incident=incident,
            role=Role.objects.get(key="first_responder"),
            user=team["ana"],
            by=team["carla"],
        )
    sweep(at("2026-03-08 20:01"))  # plans the next day
    handoff = Handoff.objects.get(at=at("2026-03-09 09:00"))
    assert handoff.incoming == team["rafa"] and handoff.outgoing == team["ana"]
    assert handoff.until == at("2026-03-16 09:00")
    sweep(at("2026-03-09 08:59:59"))
    assert not Notification.objects.filter(reason="handoff").exists()
    sweep(at("2026-03-09 09:00:02"))
    sweep(at("2026-03-09 09:00:07"))  # the next sweep does not send it again
    [message] = Notification.objects.filter(reason="handoff", root__isnull=True)
    assert message.user == team["rafa"] and message.channel == "slack"
    assert message.incident is None
    assert "16/03 09:00" in message.body and "1" in message.body
    assert f"INC-{incident.pk}" in message.body and "Fila de e-mails parada" in message.body
    assert ScheduleEvent.objects.filter(kind="handoff_sent").count() == 1


def test_schedule_override_replans_handoffs_and_tells_both(rotation, team):
    with time_machine.travel(at("2026-03-01 12:00"), tick=False):
        rotation(people=[team["ana"], team["rafa"]])
    role = Role.objects.get(key="first_responder")
    sweep(at("2026-03-04 12:00"))
    with time_machine.travel(at("2026-03-04 12:00"), tick=False):
        override_create(
            role=role,
            user=team["bia"],
            starts_at=at("2026-03-04 18:00"),
            ends_at=at("2026-03-04 22:00"),
            by=team["ana"],
        )
    told = Notification.objects.filter(reason="override", root__isnull=True)
    assert {n.user for n in told} == {team["ana"], team["bia"]}
    with time_machine.travel(at("2026-03-04 12:01"), tick=False):
        handoffs_plan(dt.datetime.now(dt.UTC))
    assert list(Handoff.objects.values_list("at", "incoming__username")) == [
        (at("2026-03-04 18:00"), "bia"),
        (at("2026-03-04 22:00"), "ana"),
    ]
    with time_machine.travel(at("2026-03-04 18:00"), tick=False):
        assert handoffs_fire(dt.datetime.now(dt.UTC)) == 1
