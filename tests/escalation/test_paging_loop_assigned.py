"""Paging loop for a role given by hand: the commander who gives someone the Escalation
Engineer's role at 3 a.m. needs them awake, so they are paged for it at once through their
own channels, and louder until they acknowledge their page (or the incident is resolved),
like the person an escalation brings in. Taking a role yourself pages nobody, nor does a
role that does not page (Product Owner)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from incidents.models import Role
from incidents.services import incident_acknowledge

from .conftest import T0, pages_to, person, steps_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_paging_rules")]
MIN = timedelta(minutes=1)


def assign(client, by, incident, role_key: str, user, when):
    client.force_login(by)
    role = Role.objects.get(key=role_key)
    with time_machine.travel(when, tick=False):
        response = client.post(
            reverse("incidents:assign_role", args=[incident.pk]), {"role": role.pk, "user": user.pk}
        )
    assert response.status_code in (200, 302)
    assert incident.assignments.get(role=role, ended_at__isnull=True).user == user


def test_paging_loop_assigned_engineer_is_paged_until_they_answer(
    client, oncall, declare_at, sweep_at, responder, commander
):
    bruno = person("bruno", "Responder", "Bruno", "Lima")
    incident = declare_at("P1")
    sweep_at(T0)
    with time_machine.travel(T0 + 5 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)  # Ana is on it
    assign(client, commander, incident, "escalation_engineer", bruno, T0 + 10 * MIN)

    # Slack at once; SMS and a call still to come, past the incident's acknowledgement.
    assert pages_to(incident, "bruno") == [("slack", "escalation_engineer:assigned")]
    assert [channels for channels, _r in steps_for(incident, "Bruno Lima")] == [["sms"], ["voice"]]
    sweep_at(T0 + 13 * MIN)
    assert [channel for channel, _r in pages_to(incident, "bruno")] == ["slack", "sms"]

    client.force_login(bruno)  # he answers his page from the incident page
    with time_machine.travel(T0 + 14 * MIN, tick=False):
        client.post(reverse("notifications:page_ack", args=[incident.pk]))
    assert steps_for(incident, "Bruno Lima") == []
    sweep_at(T0 + 30 * MIN)
    assert [channel for channel, _r in pages_to(incident, "bruno")] == ["slack", "sms"]


def test_paging_loop_taking_a_role_yourself_or_a_quiet_role_pages_nobody(
    client, oncall, declare_at, sweep_at, commander
):
    dora = person("dora", "Commander", "Dora", "Alves")
    incident = declare_at("P1")
    sweep_at(T0)
    assign(client, dora, incident, "incident_commander", dora, T0 + 2 * MIN)
    assign(client, commander, incident, "product_owner", dora, T0 + 3 * MIN)
    assert pages_to(incident, "dora") == []
