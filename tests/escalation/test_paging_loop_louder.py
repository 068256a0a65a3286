"""Paging loop: louder until acknowledged, per person, as swept deadline rows."""

from datetime import timedelta

import pytest
import time_machine

import config.settings as shipped
from incidents.services import incident_acknowledge
from notifications.models import Notification, NotificationRule, NotificationStatus
from notifications.services import notification_deliver

from .conftest import T0

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def shipped_rules(settings):
    settings.PAGING_DEFAULT_RULES = shipped.PAGING_DEFAULT_RULES


def _pages(incident) -> list[tuple[str, str, str]]:
    """(first channel, reason, person) of each page, in order."""
    rows = Notification.objects.filter(incident=incident, root__isnull=True).order_by("id")
    return [(r.channel, r.reason, r.user.username) for r in rows.select_related("user")]


def test_paging_loop_louder_steps_fire_in_order_while_unacknowledged(oncall, declare_at, sweep_at):
    incident = declare_at("P1")
    sweep_at(T0)
    assert _pages(incident) == [("slack", "declared", "ana")]
    steps = incident.deadlines.filter(kind__startswith="louder:").order_by("due_at")
    assert [(d.due_at - T0, d.data["channels"], d.stops_on) for d in steps] == [
        (3 * MIN, ["sms"], "acknowledge"),
        (6 * MIN, ["voice"], "acknowledge"),
    ]
    sweep_at(T0 + 3 * MIN - timedelta(seconds=1))
    assert len(_pages(incident)) == 1
    sweep_at(T0 + 3 * MIN)
    sweep_at(T0 + 6 * MIN)
    assert _pages(incident) == [
        ("slack", "declared", "ana"),
        ("sms", "louder:declared", "ana"),
        ("voice", "louder:declared", "ana"),
    ]
    louder = incident.timeline.filter(kind="paged_louder").order_by("id")
    assert [(e.data["channels"], e.data["after_minutes"]) for e in louder] == [
        (["sms"], 3),
        (["voice"], 6),
    ]
    sweep_at(T0 + 30 * MIN)
    assert len(_pages(incident)) == 3, "each step once"


def test_paging_loop_acknowledging_stops_every_pending_step(
    oncall, declare_at, sweep_at, responder2
):
    p1 = declare_at("P1")
    p0 = declare_at("P0", title="All down")  # the commander is paged at open too
    sweep_at(T0)
    assert p0.deadlines.filter(kind__startswith="louder:").count() == 4  # two people x two
    with time_machine.travel(T0 + 4 * MIN, tick=False):
        sweep_at(T0 + 3 * MIN)  # the P1's SMS step went out
        incident_acknowledge(incident=p1, by=responder2)
        incident_acknowledge(incident=p0, by=responder2)
    # The P0's commander joins whoever acknowledges: only her own answer stops her steps
    # (tests/escalation/test_paging_loop_escalated.py).
    left = p0.deadlines.pending().filter(kind__startswith="louder:")
    assert {d.data["user"] for d in left} == {"Carla Mendes"}
    sweep_at(T0 + 60 * MIN)
    assert [c for c, _r, _u in _pages(p1)] == ["slack", "sms"]
    assert not p1.deadlines.pending().filter(kind__startswith="louder:").exists()
    louder = sorted((u, c) for c, r, u in _pages(p0) if r.startswith("louder"))
    assert louder == [("ana", "sms"), ("carla", "sms"), ("carla", "voice")]  # hers go on
    # The SMS queued before the acknowledgement is not sent after it.
    sms = Notification.objects.get(incident=p1, channel="sms", root__isnull=True)
    with time_machine.travel(T0 + 5 * MIN, tick=False):
        assert notification_deliver(sms.pk) == "not_sent"
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.NOT_SENT


@pytest.mark.parametrize(
    ("severity", "expected"),
    [("P2", [(15, ["sms"])]), ("P3", [])],
)
def test_paging_loop_default_steps_by_severity(oncall, declare_at, sweep_at, severity, expected):
    incident = declare_at(severity)
    sweep_at(T0)
    steps = incident.deadlines.filter(kind__startswith="louder:").order_by("due_at")
    assert [((d.due_at - T0) / MIN, d.data["channels"]) for d in steps] == expected


def test_paging_loop_a_persons_own_rules_page_them(oncall, declare_at, sweep_at, responder):
    for channel, minutes in (("sms", 0), ("email", 0), ("voice", 2)):
        NotificationRule.objects.create(
            user=responder, severity="P1", channel=channel, after_minutes=minutes
        )
    incident = declare_at("P1")
    sweep_at(T0)
    first = Notification.objects.filter(incident=incident, stage=0).order_by("id")
    assert [n.channel for n in first] == ["email", "sms"]
    [step] = incident.deadlines.filter(kind__startswith="louder:")
    assert step.due_at == T0 + 2 * MIN and step.data["channels"] == ["voice"]
