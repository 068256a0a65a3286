"""Paging loop for someone an escalation pages (the playbook's Escalation Engineer at 2x the
acknowledge SLA, the Incident Commander at 4x or at a P0's opening): they are needed until
the incident is resolved, whoever acknowledged it. Their page gets louder through their
next channels, as a First Responder's does, until they acknowledge THEIR page (the link in
any of its messages, or the button on the incident page), or the incident is resolved.

Before this, such a page rang once: paged after the acknowledgement it had no louder steps,
and paged before it its steps stopped when the First Responder acknowledged."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

import config.settings as shipped
from incidents.services import incident_acknowledge, incident_transition
from notifications.links import link_token
from notifications.models import Notification
from notifications.services import notification_deliver

from .conftest import T0, pages_to

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)
EE_AT = T0 + 120 * MIN  # P1: acknowledge within 1 h, Escalation Engineer at 2x


@pytest.fixture(autouse=True)
def shipped_rules(settings):
    """P0/P1: Slack at once, SMS at 3 min, a call at 6 (PAGING_DEFAULT_RULES)."""
    settings.PAGING_DEFAULT_RULES = shipped.PAGING_DEFAULT_RULES


def steps_of(incident, username_full: str) -> list[tuple[timedelta, list[str], str]]:
    rows = incident.deadlines.pending().filter(kind__startswith="louder:").order_by("due_at")
    return [(d.due_at - EE_AT, d.data["channels"], d.stops_on) for d in rows
            if d.data["user"] == username_full]  # fmt: skip


def test_paging_loop_escalation_engineer_paged_after_the_ack_gets_louder_until_answered(
    client, oncall, declare_at, sweep_at, responder
):
    incident = declare_at("P1")
    sweep_at(T0)
    with time_machine.travel(T0 + 10 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)  # Ana, the First Responder
    sweep_at(EE_AT)  # not resolved in 2x SLA: the Escalation Engineer joins
    assert pages_to(incident, "rafa") == [("slack", "escalation_engineer")]
    assert steps_of(incident, "Rafael Costa") == [
        (3 * MIN, ["sms"], "resolve"),
        (6 * MIN, ["voice"], "resolve"),
    ]
    sweep_at(EE_AT + 3 * MIN)  # he did not answer the Slack page: an SMS
    assert pages_to(incident, "rafa")[1] == ("sms", "louder_until_answered:escalation_engineer")
    louder = incident.timeline.filter(kind="paged_louder").latest("id")
    assert louder.data["user"] == "Rafael Costa" and louder.data["channels"] == ["sms"]

    # He opens the link in that SMS: it offers to acknowledge his page (not the incident).
    sms = Notification.objects.get(incident=incident, user=oncall["escalation_engineer"],
                                   channel="sms", root__isnull=True)  # fmt: skip
    url = reverse("notifications:ack_link", args=[link_token(sms)])
    with time_machine.travel(EE_AT + 4 * MIN, tick=False):
        offer = client.get(url).content.decode()
        assert 'data-testid="page-only"' in offer and 'data-testid="ack-button"' in offer
        done = client.post(url).content.decode()
    assert 'data-testid="page-answered"' in done
    answered = incident.timeline.get(kind="page_acknowledged")
    assert answered.actor == oncall["escalation_engineer"] and answered.data["via"] == "sms"
    incident.refresh_from_db()
    assert incident.acknowledged_by == responder  # the incident's acknowledgement is Ana's

    assert steps_of(incident, "Rafael Costa") == []  # the call step stopped
    sweep_at(EE_AT + 30 * MIN)
    assert len(pages_to(incident, "rafa")) == 2
    # Nothing of his page still queued is sent after his answer (the outbox checks it).
    slack = Notification.objects.get(incident=incident, user__username="rafa", channel="slack")
    with time_machine.travel(EE_AT + 31 * MIN, tick=False):
        assert notification_deliver(slack.pk) == "not_sent"
    not_sent = incident.timeline.filter(kind="page_not_sent").latest("id")
    assert not_sent.data["because"] == "acknowledged" and not_sent.data["by"] == "Rafael Costa"


def test_paging_loop_escalation_paged_before_the_ack_keeps_ringing_after_it(
    client, oncall, declare_at, sweep_at, responder
):
    incident = declare_at("P1")
    sweep_at(T0)
    sweep_at(T0 + 60 * MIN)  # SLA breached: Ana paged again
    sweep_at(EE_AT)  # still nobody: Rafael, the Escalation Engineer, joins
    with time_machine.travel(EE_AT + MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)  # Ana wakes up first
    ana = incident.deadlines.pending().filter(kind__startswith="louder:", data__user="Ana Souza")
    assert not ana.exists()  # her pages are answered by her acknowledgement
    assert [s[1] for s in steps_of(incident, "Rafael Costa")] == [["sms"], ["voice"]]
    sweep_at(EE_AT + 3 * MIN)
    assert [c for c, _r in pages_to(incident, "rafa")] == ["slack", "sms"]

    # On the incident page, beside the status: when he was paged, and his button.
    client.force_login(oncall["escalation_engineer"])
    page = reverse("incidents:detail", args=[incident.pk])
    with time_machine.travel(EE_AT + 4 * MIN, tick=False):
        html = client.get(page).content.decode()
        assert 'data-testid="my-page"' in html
        client.post(reverse("notifications:page_ack", args=[incident.pk]))
        assert 'data-testid="my-page"' not in client.get(page).content.decode()
    assert steps_of(incident, "Rafael Costa") == []
    sweep_at(EE_AT + 30 * MIN)
    assert [c for c, _r in pages_to(incident, "rafa")] == ["slack", "sms"]
    client.force_login(responder)  # Ana was not paged by an escalation: no such button
    assert 'data-testid="my-page"' not in client.get(page).content.decode()


def test_paging_loop_escalation_answered_by_acknowledging_or_stopped_by_resolving(
    oncall, declare_at, sweep_at, responder, commander
):
    p1 = declare_at("P1")
    sweep_at(T0)
    sweep_at(EE_AT)  # nobody acknowledged: Rafael paged
    with time_machine.travel(EE_AT + MIN, tick=False):
        incident_acknowledge(incident=p1, by=oncall["escalation_engineer"])  # he does it
    assert not p1.deadlines.pending().filter(kind__startswith="louder:").exists()
    assert not p1.timeline.filter(kind="page_acknowledged").exists()  # the ack says it all

    p0 = declare_at("P0", title="All down", when=T0 + 200 * MIN)  # Carla paged at open
    start = T0 + 200 * MIN
    sweep_at(start)
    with time_machine.travel(start + MIN, tick=False):
        incident_acknowledge(incident=p0, by=responder)
        assert {d.data["user"] for d in p0.deadlines.pending().filter(
            kind__startswith="louder:")} == {"Carla Mendes"}  # fmt: skip
        incident_transition(incident=p0, action="resolve", by=responder)
    assert not p0.deadlines.pending().filter(kind__startswith="louder:").exists()
    sweep_at(start + 30 * MIN)
    assert pages_to(p0, "carla") == [("slack", "commander_at_open")]
