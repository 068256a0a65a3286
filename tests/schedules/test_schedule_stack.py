"""The hand-off message, sent exactly once by the real sweep: a real `celery worker` and
`celery beat` on PostgreSQL and Redis, a local Slack (keyword: schedule)."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.utils import timezone

from incidents.models import Role
from notifications.models import Notification
from schedules.models import Handoff
from schedules.services import override_create
from tests.escalation.stack import LocalSlack, Stack, wait_for

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(tmp_path, team):
    if connection.vendor != "postgresql":
        pytest.skip("the real worker and beat share the database: needs PostgreSQL")
    slack = LocalSlack()
    running = Stack(tmp_path, slack)
    running.flush_broker()
    try:
        yield running
    finally:
        running.stop()
        slack.close()


def test_schedule_handoff_sent_exactly_once_by_the_real_sweep(stack, rotation, team):
    rotation(people=[team["ana"]], start_date=timezone.localdate() - dt.timedelta(days=1))
    starts = timezone.now() + dt.timedelta(seconds=4)
    override_create(
        role=Role.objects.get(key="first_responder"),
        user=team["bia"],
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        by=team["ana"],
    )
    stack.start()
    handoff = wait_for(
        lambda: Handoff.objects.filter(incoming=team["bia"], fired_at__isnull=False).first(),
        f"the hand-off to fire (logs in {stack.tmp_path})",
    )
    assert handoff.at == starts and handoff.fired_at >= starts
    wait_for(lambda: stack.slack.delivered_to("@bia") >= 2, "the override and hand-off on Slack")
    time.sleep(3)  # three more sweeps: nothing is sent again
    stack.assert_alive()
    sent = Notification.objects.filter(reason="handoff")
    assert sent.count() == 1 and sent.get().status == "delivered"
    handoff_posts = [
        t for s, t in stack.slack.posts if "@bia" in t and "até" in t and "plantão" in t
    ]
    assert len([t for t in handoff_posts if "incidentes abertos" in t]) == 1
