"""The SLA engine on the real stack: celery worker + beat subprocesses, Redis, PostgreSQL.

The SLA is scaled to seconds (SLA_MINUTE_SECONDS), the sweep runs every second, and
a local HTTP server is Slack. Each test watches breach, Escalation Engineer and
Incident Commander happen in order, each exactly once, each page delivered once,
whatever fault it injects on the way.
"""

import os
import time

import pytest
from django.db import connection

from escalation.models import EscalationRecord
from incidents.services import incident_declare
from notifications.models import DeliveryAttempt, Notification, NotificationRule

from .stack import SLA_MINUTE_SECONDS, LocalSlack, Stack, wait_for

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL for real worker and beat processes; .ci/run has them",
    ),
]
# The First Responder is paged at open, then each level fires.
LEVELS = ["first_page", "acknowledge", "escalation_engineer", "incident_commander"]
HANDLES = {
    "first_page": "@ana",
    "acknowledge": "@ana",
    "escalation_engineer": "@rafa",
    "incident_commander": "@carla",
}


@pytest.fixture
def stack(tmp_path, settings, oncall):
    settings.SLA_MINUTE_SECONDS = SLA_MINUTE_SECONDS  # the deadlines this process writes
    # These tests are about the severity clocks: everyone is paged on Slack only (the
    # louder steps on the real stack: test_paging_loop_stack.py).
    for user in oncall.values():
        for severity in ("P0", "P1", "P2", "P3"):
            NotificationRule.objects.create(
                user=user, severity=severity, channel="slack", after_minutes=0
            )
    slack = LocalSlack()
    running = Stack(tmp_path, slack)
    running.flush_broker()  # nothing left over from another run
    try:
        yield running
    finally:
        running.stop()
        slack.close()


def _levels(incident) -> list[str]:
    return list(
        EscalationRecord.objects.filter(incident=incident)
        .order_by("fired_at", "id")
        .values_list("level", flat=True)
    )


def _declare_p1(commander):
    return incident_declare(title="Checkout answers 500", severity="P1", by=commander)


def _wait_for_level(stack, incident, level: str) -> None:
    wait_for(lambda: level in _levels(incident), f"{level} on {incident.reference}")
    stack.assert_alive()


def _wait_delivered(incident, count: int) -> None:
    def delivered() -> bool:
        roots = Notification.objects.filter(incident=incident, root__isnull=True)
        return roots.count() == count and all(r.status == "delivered" for r in roots)

    wait_for(delivered, f"{count} pages delivered on {incident.reference}")


def _assert_exactly_once_in_order(stack, incident) -> None:
    _wait_delivered(incident, len(LEVELS))
    time.sleep(2)  # two more sweeps: nothing may fire or send again
    records = list(EscalationRecord.objects.filter(incident=incident).order_by("fired_at", "id"))
    assert [r.level for r in records] == LEVELS
    assert all(r.fired_at >= r.due_at for r in records)
    pages = Notification.objects.filter(incident=incident, root__isnull=True).order_by("id")
    assert [p.user.profile.slack_handle for p in pages] == [HANDLES[lv] for lv in LEVELS]
    for page in pages:
        delivered = (
            DeliveryAttempt.objects.filter(notification__root=page, outcome="delivered").count()
            + DeliveryAttempt.objects.filter(notification=page, outcome="delivered").count()
        )
        assert delivered == 1, page
    for handle in set(HANDLES.values()):
        expected = list(HANDLES.values()).count(handle)  # Ana: at open, then the breach
        assert stack.slack.delivered_to(handle) == expected, (handle, stack.slack.posts)
    kinds = list(incident.timeline.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds.count("sla_breached") == 1 and kinds.count("escalated") == 2
    assert kinds.count("first_responder_paged") == 1
    assert kinds.count("page_delivered") == len(LEVELS)
    escalated = [e.data["role"] for e in incident.timeline.filter(kind="escalated").order_by("id")]
    assert escalated == ["escalation_engineer", "incident_commander"]


def _levels_fire_exactly_once_in_order(stack, incident, waiting_for: list[str]) -> None:
    for level in waiting_for:
        _wait_for_level(stack, incident, level)
    _assert_exactly_once_in_order(stack, incident)


@pytest.mark.stack
def test_breach_engineer_and_commander_happen_in_order_each_once(stack, commander):
    stack.start()
    incident = _declare_p1(commander)
    _levels_fire_exactly_once_in_order(stack, incident, LEVELS)


@pytest.mark.stack
def test_worker_killed_with_sigkill_midway_then_restarted(stack, commander):
    stack.start()
    incident = _declare_p1(commander)
    _wait_for_level(stack, incident, "acknowledge")
    _wait_delivered(incident, 2)
    stack.kill9("worker")
    time.sleep(4)  # the Escalation Engineer falls due while no worker runs
    assert _levels(incident) == ["first_page", "acknowledge"]
    stack.start_worker()
    _levels_fire_exactly_once_in_order(stack, incident, LEVELS[2:])


@pytest.mark.stack
def test_redis_flushed_midway(stack, commander):
    stack.start()
    incident = _declare_p1(commander)
    _wait_for_level(stack, incident, "acknowledge")
    stack.flush_broker()
    _levels_fire_exactly_once_in_order(stack, incident, LEVELS[2:])


@pytest.mark.stack
def test_two_beat_processes_by_mistake_are_harmless(stack, commander):
    stack.start(beats=("beat-1", "beat-2"))
    incident = _declare_p1(commander)
    _levels_fire_exactly_once_in_order(stack, incident, LEVELS)


@pytest.mark.stack
def test_slack_answering_500_then_200(stack, commander):
    stack.slack.script.extend([500, 500])
    stack.start()
    incident = _declare_p1(commander)
    _levels_fire_exactly_once_in_order(stack, incident, LEVELS)
    failed = incident.timeline.filter(kind="page_failed")
    assert failed.count() == 2, list(failed.values_list("data", flat=True))
    assert sum(1 for status, _text in stack.slack.posts if status == 500) == 2
