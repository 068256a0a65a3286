"""Paging loop: the First Responder is paged at open, the acknowledger becomes First
Responder, nothing rings after it stops mattering, reopening re-arms the clocks."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model

from escalation.dispatch import sweep_soon
from incidents.models import DeadlineKind, IncidentStatus
from incidents.services import incident_acknowledge, incident_resolve, incident_transition
from notifications.models import Notification, NotificationStatus
from notifications.outbox import sweep_outbox
from notifications.services import notification_deliver, notification_enqueue
from notifications.stopping import why_not_needed

from .conftest import T0, levels, pages

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)


def _roots(incident, reason: str) -> list[Notification]:
    return list(
        Notification.objects.filter(incident=incident, root__isnull=True, reason=reason)
        .select_related("user")
        .order_by("id")
    )


@pytest.mark.parametrize("severity", ["P0", "P1", "P2", "P3"])
def test_paging_loop_declare_pages_the_first_responder_at_once(
    oncall, declare_at, sweep_at, severity
):
    incident = declare_at(severity, title="Checkout answers 500")
    sweep_at(T0)
    [page] = _roots(incident, "declared")
    assert page.user == oncall["first_responder"] and page.channel == "slack"
    assert page.status == NotificationStatus.QUEUED
    assert "Checkout answers 500" in page.body and severity in page.body
    assert f"/incidents/{incident.pk}/" in page.body
    event = incident.timeline.get(kind="first_responder_paged")
    assert event.data["user"] == "Ana Souza" and event.data["reason"] == "declared"
    assert levels(incident, loop=True)[0] == DeadlineKind.FIRST_PAGE
    # Paged, not given the role: whoever acknowledges becomes First Responder.
    assert not incident.assignments.filter(role__key="first_responder").exists()


def test_paging_loop_declare_asks_for_a_sweep_after_commit(
    oncall, declare, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        declare("P2")
    assert sweep_soon in callbacks


def test_paging_loop_the_breach_is_the_second_page(oncall, declare_at, sweep_at):
    incident = declare_at("P1")
    sweep_at(T0)
    sweep_at(T0 + 60 * MIN)
    people = [uid for uid, _key in pages(incident, loop=True)]
    assert people == [oncall["first_responder"].pk, oncall["first_responder"].pk]
    assert incident.timeline.get(kind="sla_breached").data["user"] == "Ana Souza"


def test_paging_loop_the_acknowledger_becomes_first_responder(
    oncall, declare_at, sweep_at, responder2
):
    incident = declare_at("P1")
    sweep_at(T0)
    with time_machine.travel(T0 + 2 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder2)
    holder = incident.assignments.get(role__key="first_responder", ended_at__isnull=True)
    assert holder.user == responder2
    assigned = incident.timeline.get(kind="role_assigned")
    assert assigned.actor == responder2 and assigned.data["user"] == "Rafael Costa"


def test_paging_loop_a_service_account_never_becomes_first_responder(oncall, declare_at):
    robot = get_user_model().objects.create_user("alertmanager")  # no usable password
    incident = incident_acknowledge(incident=declare_at("P1"), by=robot)
    assert incident.status == IncidentStatus.ACKNOWLEDGED
    assert not incident.assignments.exists()


def test_paging_loop_the_acknowledger_does_not_replace_a_first_responder(
    oncall, declare_at, responder, responder2
):
    from incidents.models import Role
    from incidents.services import incident_assign_role

    incident = declare_at("P1")
    role = Role.objects.get(key="first_responder")
    incident_assign_role(incident=incident, role=role, user=responder, by=None)
    incident_acknowledge(incident=incident, by=responder2)
    holders = incident.assignments.filter(role=role, ended_at__isnull=True)
    assert [a.user for a in holders] == [responder]


def test_paging_loop_a_retry_queued_before_the_acknowledgement_is_not_sent(
    oncall, declare_at, sweep_at, providers, responder2
):
    providers.answer("/slack", 503)
    incident = declare_at("P1")
    sweep_at(T0)
    [page] = _roots(incident, "declared")
    with time_machine.travel(T0, tick=False):
        assert notification_deliver(page.pk) == "failed"  # a retry is queued
    with time_machine.travel(T0 + 1 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder2)
    with time_machine.travel(T0 + 2 * MIN, tick=False):
        assert notification_deliver(page.pk) == "not_sent"
    page.refresh_from_db()
    assert page.status == NotificationStatus.NOT_SENT and page.attempts == 1
    assert len(providers.received("/slack")) == 1
    event = incident.timeline.get(kind="page_not_sent")
    assert event.data["because"] == "acknowledged" and event.data["by"] == "Rafael Costa"


def test_paging_loop_the_outbox_sweep_does_not_resend_what_stopped_mattering(
    oncall, declare_at, sweep_at, responder2, settings
):
    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 30
    incident = declare_at("P1")
    sweep_at(T0)  # the page's Celery message is lost: nobody sends it
    with time_machine.travel(T0 + 1 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder2)
        assert sweep_outbox() == 1
    [page] = _roots(incident, "declared")
    assert page.status == NotificationStatus.NOT_SENT


def test_paging_loop_nothing_is_sent_after_resolve_but_what_must_be(
    oncall, declare_at, sweep_at, responder
):
    incident = declare_at("P0")
    sweep_at(T0)  # the First Responder and the commander at open
    with time_machine.travel(T0 + 1 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)
        incident_resolve(incident=incident, by=responder)
        resolved_notice = notification_enqueue(
            incident=incident,
            channel="email",
            address="customers@example.com",
            subject="Resolved",
            body="It is fixed.",
            reason="communication_sent",
            key=f"resolved-notice:{incident.pk}",
        )
    rows = Notification.objects.filter(incident=incident, root__isnull=True).select_related(
        "incident__acknowledged_by", "incident__resolved_by"
    )
    verdicts = {row.reason: why_not_needed(row) for row in rows}
    assert verdicts["declared"]["because"] == "resolved"
    assert verdicts["commander_at_open"]["because"] == "resolved"
    assert verdicts["communication_sent"] is None  # declared StopsOn.NEVER
    with time_machine.travel(T0 + 2 * MIN, tick=False):
        assert notification_deliver(resolved_notice.pk) == "delivered"
        for row in rows:
            if row.reason != "communication_sent":
                assert notification_deliver(row.pk) == "not_sent"


def test_paging_loop_reopen_rearms_the_clocks_and_pages_again(
    oncall, declare_at, sweep_at, responder, commander
):
    incident = declare_at("P1")
    sweep_at(T0)
    with time_machine.travel(T0 + 10 * MIN, tick=False):
        incident_acknowledge(incident=incident, by=responder)
        incident_resolve(incident=incident, by=responder)
    reopened_at = T0 + 5 * 60 * MIN
    with time_machine.travel(reopened_at, tick=False):
        incident = incident_transition(
            incident=incident, action="reopen", by=commander, reason="errors are back"
        )
    assert incident.status == IncidentStatus.TRIGGERED and incident.acknowledged_at is None
    due = {d.kind: d.due_at for d in incident.deadlines.pending()}
    assert due["first_page"] == reopened_at
    assert due["acknowledge"] == reopened_at + 60 * MIN
    assert due["escalation_engineer"] == reopened_at + 120 * MIN
    sweep_at(reopened_at)
    [again] = _roots(incident, "reopened")
    assert again.user == responder  # the First Responder the incident already has
    sweep_at(reopened_at + 60 * MIN)
    assert levels(incident) == ["acknowledge"]  # the breach of the re-armed clock
    assert incident.timeline.filter(kind="first_responder_paged").count() == 2


def test_paging_loop_a_scenario_rule_with_a_severity_clock_pages_once(oncall, declare_at, sweep_at):
    from incidents.services import deadline_set

    incident = declare_at("P0")
    with time_machine.travel(T0, tick=False):
        deadline_set(
            incident=incident,
            kind="rule:scenario-1",
            due_at=T0 + 30 * MIN,  # the same second as the P0's 2x clock
            data={"action": "escalate", "target": "escalation_engineer", "label": "30 min"},
        )
    sweep_at(T0 + 30 * MIN)
    engineer = oncall["escalation_engineer"]
    assert [uid for uid, _k in pages(incident)].count(engineer.pk) == 1
    entries = incident.timeline.filter(kind="escalated", data__role="escalation_engineer")
    assert entries.count() == 2
    [again] = [e for e in entries if e.data.get("already_paged_at")]
    assert again.data["already_paged_at"] == (T0 + 30 * MIN).isoformat()


def test_paging_loop_a_later_rule_for_a_paged_role_says_when(
    oncall, declare_at, sweep_at, client, commander
):
    from incidents.services import deadline_set

    incident = declare_at("P1")
    sweep_at(T0 + 120 * MIN)  # the Escalation Engineer at 2x
    with time_machine.travel(T0 + 121 * MIN, tick=False):
        deadline_set(
            incident=incident,
            kind="rollback_failed",
            due_at=T0 + 121 * MIN,
            data={"action": "escalate", "target": "escalation_engineer", "label": "Rollback"},
        )
    sweep_at(T0 + 121 * MIN)
    engineer = oncall["escalation_engineer"]
    assert [uid for uid, _k in pages(incident)].count(engineer.pk) == 1
    client.force_login(commander)
    client.post("/me/language/", {"language": "en"})
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "<bdi>Rafael Costa</bdi> already paged at" in html
