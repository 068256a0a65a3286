"""Paging loop for someone whose role is taken away: a commander removes the Escalation
Engineer paged at 3 a.m. (the wrong person, or no longer needed) without giving the role to
anyone. Their pages for it stop exactly as when relieved by a reassignment
(test_paging_loop_relieved.py): the louder steps are cancelled, nothing still queued is sent,
the timeline says so. Their pages for other roles go on."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from incidents.models import Profile, Role
from incidents.role_services import incident_unassign_role
from incidents.services import incident_acknowledge, incident_assign_role
from notifications.models import Notification
from notifications.services import notification_deliver

from .conftest import T0, paged_as_security_specialist, pages_to, person, steps_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_paging_rules")]
MIN = timedelta(minutes=1)
EE_AT = T0 + 120 * MIN  # P1: acknowledge within 1 h, Escalation Engineer at 2x


def test_role_removal_stops_the_removed_engineers_pages(
    client, oncall, declare_at, sweep_at, responder, commander
):
    incident = declare_at("P1")
    sweep_at(T0)
    with time_machine.travel(T0 + 10 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)
    sweep_at(EE_AT)  # Rafael, the Escalation Engineer on call, is paged
    sweep_at(EE_AT + 3 * MIN)  # no answer on Slack: an SMS
    assert pages_to(incident, "rafa") == [
        ("slack", "escalation_engineer"),
        ("sms", "louder_until_answered:escalation_engineer"),
    ]
    assert steps_for(incident, "Rafael Costa") == [(["voice"], "escalation_engineer")]

    # 03:04: Carla takes the role away from him on the incident page, giving it to nobody.
    client.force_login(commander)
    with time_machine.travel(EE_AT + 4 * MIN, tick=False):
        response = client.post(
            reverse("incidents:unassign_role", args=[incident.pk]),
            {"role": "escalation_engineer", "user": oncall["escalation_engineer"].pk,
             "reason": "Not a backend problem"},
        )  # fmt: skip
    assert response.status_code == 302
    assert not incident.assignments.filter(role__key="escalation_engineer", ended_at=None).exists()

    # The call due at 03:06 never comes; the SMS still queued is not sent; no new page.
    assert steps_for(incident, "Rafael Costa") == []
    sweep_at(EE_AT + 30 * MIN)
    assert len(pages_to(incident, "rafa")) == 2
    sms = Notification.objects.get(incident=incident, user__username="rafa", channel="sms")
    assert sms.relieved_at is not None  # on the page's first row, checked by the outbox
    with time_machine.travel(EE_AT + 5 * MIN, tick=False):
        assert notification_deliver(sms.pk) == "not_sent"
    assert incident.timeline.get(kind="page_not_sent").data["because"] == "relieved"

    removed = incident.timeline.get(kind="role_removed")
    assert removed.actor == commander and removed.data["user"] == "Rafael Costa"
    assert removed.data["reason"] == "Not a backend problem"
    relieved = incident.timeline.get(kind="pages_relieved")
    assert relieved.actor == commander and relieved.data["steps_stopped"] == 1
    assert relieved.data["role"] == "escalation_engineer" and relieved.data["holder"] == ""

    Profile.objects.filter(user=commander).update(language="en")
    html = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    timeline = html[html.index('id="timeline"') :]
    assert "removed <bdi>Rafael Costa</bdi> from Escalation Engineer" in timeline
    assert '<q dir="auto">Not a backend problem</q>' in timeline
    assert "relieved <bdi>Rafael Costa</bdi> as Escalation Engineer" in timeline
    Profile.objects.filter(user=commander).update(language="pt-br")
    html = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "removeu <bdi>Rafael Costa</bdi> da função de Engenheiro de Escalonamento" in html


def test_role_removal_stops_only_that_roles_pages(
    oncall, declare_at, sweep_at, commander, providers
):
    """Carla, paged for a P1 as Security specialist by a scenario rule and given the
    Escalation Engineer's role by Dora, loses the Security role: her Security pages stop,
    those for the other role go on."""
    dora = person("dora", "Commander", "Dora", "Alves")
    incident = paged_as_security_specialist(declare_at, sweep_at, commander, "P1", "Odd logins")
    security = Role.objects.get(key="security_specialist")
    engineer = Role.objects.get(key="escalation_engineer")
    with time_machine.travel(T0 + MIN, tick=False):
        incident_assign_role(incident=incident, role=engineer, user=commander, by=dora)
    assert sorted(s[1] for s in steps_for(incident, "Carla Mendes")) == [
        "escalation_engineer:assigned",
        "escalation_engineer:assigned",
        "security_specialist",
        "security_specialist",
    ]
    with time_machine.travel(T0 + 2 * MIN, tick=False):
        incident_unassign_role(incident=incident, role=security, user=commander, by=dora)
    assert [s[1] for s in steps_for(incident, "Carla Mendes")] == [
        "escalation_engineer:assigned",
        "escalation_engineer:assigned",
    ]
    first = {
        r.reason: r
        for r in Notification.objects.filter(incident=incident, user=commander, root=None)
    }
    with time_machine.travel(T0 + 3 * MIN, tick=False):
        assert notification_deliver(first["security_specialist"].pk) == "not_sent"
        assert notification_deliver(first["escalation_engineer:assigned"].pk) == "delivered"
