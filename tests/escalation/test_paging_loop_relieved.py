"""Paging loop for someone relieved of a role: whoever an escalation paged is paged louder until
they answer (test_paging_loop_escalated.py), but when a commander gives that role on the
incident to someone else (the Escalation Engineer paged at 3 a.m. does not answer, so the
commander assigns another engineer), the one relieved is not paged for it any more: their
louder steps for the role stop, nothing more of those pages is sent, and the timeline says so.
Their pages for other roles, and everyone else's, go on; the new holder is paged for the role
(test_paging_loop_assigned.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from incidents.models import Profile, Role
from incidents.services import (
    incident_acknowledge,
    incident_assign_role,
    incident_transition,
)
from notifications.answer import page_acknowledge
from notifications.models import Notification
from notifications.services import notification_deliver

from .conftest import T0, paged_as_security_specialist, pages_to, person, steps_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_paging_rules")]
MIN = timedelta(minutes=1)
EE_AT = T0 + 120 * MIN  # P1: acknowledge within 1 h, Escalation Engineer at 2x


def timeline_text(client, viewer, incident, language: str) -> str:
    Profile.objects.filter(user=viewer).update(language=language)
    client.force_login(viewer)
    html = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    return html[html.index('id="timeline"') :]


def test_paging_loop_reassigned_escalation_engineer_is_paged_no_more(
    client, oncall, declare_at, sweep_at, responder, commander
):
    bruno = person("bruno", "Responder", "Bruno", "Lima")
    incident = declare_at("P1")
    sweep_at(T0)
    with time_machine.travel(T0 + 10 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)  # Ana, the First Responder
    sweep_at(EE_AT)  # not resolved in 2x SLA: Rafael, the Escalation Engineer, is paged
    sweep_at(EE_AT + 3 * MIN)  # he does not answer on Slack: an SMS
    assert pages_to(incident, "rafa") == [
        ("slack", "escalation_engineer"),
        ("sms", "louder_until_answered:escalation_engineer"),
    ]
    assert steps_for(incident, "Rafael Costa") == [(["voice"], "escalation_engineer")]

    # 03:04, still nothing from him: Carla gives the role to Bruno on the incident page.
    client.force_login(commander)
    role = Role.objects.get(key="escalation_engineer")
    with time_machine.travel(EE_AT + 4 * MIN, tick=False):
        client.post(
            reverse("incidents:assign_role", args=[incident.pk]),
            {"role": role.pk, "user": bruno.pk},
        )
    assert incident.assignments.get(role=role, ended_at__isnull=True).user == bruno

    # Rafael: the call he was due at 03:06 never comes, nor anything of his pages still queued.
    assert steps_for(incident, "Rafael Costa") == []
    sweep_at(EE_AT + 30 * MIN)
    assert len(pages_to(incident, "rafa")) == 2
    sms = Notification.objects.get(incident=incident, user__username="rafa", channel="sms")
    with time_machine.travel(EE_AT + 5 * MIN, tick=False):
        assert notification_deliver(sms.pk) == "not_sent"
    not_sent = incident.timeline.get(kind="page_not_sent")
    assert not_sent.data["because"] == "relieved" and not_sent.data["by"] == "Rafael Costa"
    relieved = incident.timeline.get(kind="pages_relieved")
    assert relieved.actor == commander and relieved.data["user"] == "Rafael Costa"
    assert relieved.data["role"] == "escalation_engineer" and relieved.data["steps_stopped"] == 1
    client.force_login(oncall["escalation_engineer"])  # no "Acknowledge my page" for him
    html = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'data-testid="my-page"' not in html

    # Bruno is paged for the role instead (he never answers: louder); the timeline names him.
    assert pages_to(incident, "bruno")[0] == ("slack", "escalation_engineer:assigned")
    english = timeline_text(client, commander, incident, "en")
    assert "assigned <bdi>Bruno Lima</bdi> as Escalation Engineer" in english
    assert "(replacing <bdi>Rafael Costa</bdi>)" in english
    assert (
        "relieved <bdi>Rafael Costa</bdi> as Escalation Engineer: no more pages to them for it"
        in english
    )
    assert "<bdi>Rafael Costa</bdi> no longer holds that role" in english
    portuguese = timeline_text(client, commander, incident, "pt-br")
    assert (
        "dispensou <bdi>Rafael Costa</bdi> da função de Engenheiro de Escalonamento: "
        "não será mais acionado por ela"
    ) in portuguese
    assert "<bdi>Rafael Costa</bdi> não ocupa mais essa função" in portuguese


def test_paging_loop_relief_stops_only_that_persons_pages_for_that_role(
    oncall, declare_at, sweep_at, responder, commander, providers
):
    """Carla is paged at a P0's opening as Incident Commander and, by the scenario's rule,
    as Security specialist; she hands the commander's role to Dora. Her pages as Security
    specialist go on, and so do Ana's as First Responder."""
    dora = person("dora", "Commander", "Dora", "Alves")
    incident = paged_as_security_specialist(declare_at, sweep_at, commander, "P0", "Data leak")
    assert sorted(pages_to(incident, "carla")) == [
        ("slack", "commander_at_open"),
        ("slack", "security_specialist"),
    ]
    with time_machine.travel(T0 + MIN, tick=False):
        ic = Role.objects.get(key="incident_commander")
        incident_assign_role(incident=incident, role=ic, user=dora, by=commander)

    assert steps_for(incident, "Carla Mendes") == [
        (["sms"], "security_specialist"),
        (["voice"], "security_specialist"),
    ]
    assert [s[1] for s in steps_for(incident, "Ana Souza")] == ["declared", "declared"]
    sweep_at(T0 + 3 * MIN)
    louder = {(u, r) for _c, r, u in _louder_pages(incident)}
    assert louder == {
        ("ana", "louder:declared"),
        ("carla", "louder_until_answered:security_specialist"),
    }
    assert pages_to(incident, "dora") == [("slack", "incident_commander:assigned")]
    first = {r.reason: r for r in Notification.objects.filter(incident=incident, user=commander,
                                                              root__isnull=True)}  # fmt: skip
    with time_machine.travel(T0 + 4 * MIN, tick=False):
        assert notification_deliver(first["commander_at_open"].pk) == "not_sent"
        assert notification_deliver(first["security_specialist"].pk) == "delivered"
    relieved = incident.timeline.get(kind="pages_relieved")
    assert relieved.data["user"] == "Carla Mendes" and relieved.data["role"] == "incident_commander"


def _louder_pages(incident) -> list[tuple[str, str, str]]:
    rows = Notification.objects.filter(
        incident=incident, root__isnull=True, reason__startswith="louder"
    ).select_related("user")
    return [(r.channel, r.reason, r.user.username) for r in rows]


def test_paging_loop_relieved_first_responder_of_a_reopened_incident(
    oncall, declare_at, sweep_at, responder, responder2, commander
):
    """Reopening pages the First Responder who holds the role; given to Rafael, Ana's louder
    steps stop. Relieving someone nothing was paging says nothing on the timeline."""
    incident = declare_at("P1")
    sweep_at(T0)
    with time_machine.travel(T0 + 10 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)  # Ana becomes First Responder
        incident_transition(incident=incident, action="resolve", by=responder)
    with time_machine.travel(T0 + 60 * MIN, tick=False):
        incident_transition(incident=incident, action="reopen", by=commander, reason="Back")
    sweep_at(T0 + 60 * MIN)
    assert pages_to(incident, "ana")[-1] == ("slack", "reopened")
    assert [s[1] for s in steps_for(incident, "Ana Souza")] == ["reopened", "reopened"]
    fr = Role.objects.get(key="first_responder")
    with time_machine.travel(T0 + 61 * MIN, tick=False):
        incident_assign_role(incident=incident, role=fr, user=responder2, by=commander)
    assert steps_for(incident, "Ana Souza") == []
    sweep_at(T0 + 70 * MIN)
    assert pages_to(incident, "ana")[-1] == ("slack", "reopened")
    assert pages_to(incident, "rafa")[0] == ("slack", "first_responder:assigned")
    assert incident.timeline.filter(kind="pages_relieved").count() == 1

    with time_machine.travel(T0 + 62 * MIN, tick=False):
        page_acknowledge(incident=incident, user=responder2)  # Rafael answers his page
        # ...and the role goes back to Ana: nothing was paging him any more.
        incident_assign_role(incident=incident, role=fr, user=responder, by=commander)
    assert incident.timeline.filter(kind="pages_relieved").count() == 1
