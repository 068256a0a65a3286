"""The sweep fires a batch with one call per handler: the same outcome as one deadline
at a time (the same handlers, called with one deadline each), in a number of queries
that does not grow with the batch."""

import logging
from collections import Counter
from datetime import timedelta
from functools import partial

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalation import sweep
from escalation.models import EscalationRecord
from escalation.selectors import on_call_user
from escalation.sweep import sweep_due_deadlines
from incidents.models import Incident, IncidentRoleAssignment, Profile, Role
from incidents.services import deadline_set, incident_assign_role
from notifications.dispatch import dispatch_many
from notifications.messages import incident_url
from notifications.models import Notification
from schedules import plan as schedule_plan

from .conftest import T0, levels, pages, timeline_kinds

LATE = T0 + timedelta(days=3)  # every clock of every severity is past


def _scenario(declare_at, oncall, manager) -> list[Incident]:
    """Incidents that take every path: P0 commander at open, P1 all levels, P3 to the
    backlog, a role already held, an escalate rule, a commander with no Slack or phone."""
    incidents = [
        declare_at("P0", title="Checkout down"),
        declare_at("P1", title="Search slow"),
        declare_at("P2", title="Reports late"),
        declare_at("P3", title="Typo on the footer"),
        declare_at("P1", title="Login flaky"),
    ]
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        engineer = Role.objects.get(key="escalation_engineer")
        incident_assign_role(incident=incidents[1], role=engineer, user=manager, by=None)
        responder = Role.objects.get(key="first_responder")
        incident_assign_role(incident=incidents[4], role=responder, user=manager, by=None)
        deadline_set(
            incident=incidents[2],
            kind="runbook_escalation",
            due_at=T0 + timedelta(minutes=5),
            data={"action": "escalate", "target": "incident_commander", "label": "Runbook"},
        )
    return incidents


def _snapshot(incident: Incident) -> dict:
    def plain(text: str) -> str:
        return text.replace(incident_url(incident), "URL").replace(incident.reference, "REF")

    def key(value: str) -> str:
        head, _pk, rest = value.split(":", 2)
        return f"{head}:D:{rest}"

    timeline = [
        (e.kind, e.actor_id, {k: v for k, v in e.data.items() if k != "notification"})
        for e in incident.timeline.order_by("created_at", "id")
    ]
    rows = [
        (key(n.key), n.user_id, n.channel, n.address, n.status, n.stage, n.reason, n.last_error,
         plain(n.subject), plain(n.body), n.fallbacks, n.root.key != n.key if n.root else None)
        for n in Notification.objects.filter(incident=incident).order_by("stage", "id")
    ]  # fmt: skip
    roles = sorted(
        (a.role.key, a.user_id, a.ended_at is None)
        for a in IncidentRoleAssignment.objects.filter(incident=incident)
    )
    records = [
        (r.level, r.paged_id, r.summary, r.data)
        for r in EscalationRecord.objects.filter(incident=incident).order_by("id")
    ]
    state = (incident.backlogged_at is not None, incident.status)
    return {"timeline": timeline, "pages": rows, "roles": roles, "records": records, "state": state}


def _run(declare_at, oncall, manager, sweep_at) -> list[dict]:
    incidents = _scenario(declare_at, oncall, manager)
    # Each First Responder paged at open, and the P0's commander.
    assert sweep_at(T0 + timedelta(minutes=2)) == 6
    assert sweep_at(LATE) > 10
    snapshots = []
    for incident in incidents:
        incident.refresh_from_db()
        snapshots.append(_snapshot(incident))
    Incident.objects.all().delete()
    return snapshots


def test_a_batch_does_what_firing_one_by_one_does(
    oncall, manager, declare_at, sweep_at, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger="escalation.sweep")
    Profile.objects.filter(user=oncall["incident_commander"]).update(slack_handle="", phone="")
    batched = _run(declare_at, oncall, manager, sweep_at)
    assert "failed together" not in caplog.text  # one call per handler did it all
    monkeypatch.setattr(sweep, "_fire_together", lambda deadlines, now: None)
    one_by_one = _run(declare_at, oncall, manager, sweep_at)

    assert batched == one_by_one
    p1 = batched[1]
    assert [r[0] for r in p1["records"]] == [
        "first_page",
        "acknowledge",
        "escalation_engineer",
        "incident_commander",
    ]
    commander_pages = [p for p in batched[0]["pages"] if p[1] == oncall["incident_commander"].pk]
    assert {(p[2], p[4]) for p in commander_pages} >= {
        ("slack", "superseded"),
        ("email", "queued"),
        ("sms", "failed"),
    }
    assert batched[3]["state"][0], "the P3 is in the backlog"
    assert any(kind == "page_fallback" for kind, _a, _d in batched[0]["timeline"])


def test_one_sweep_fires_300_incidents_each_level_once(
    oncall, declare_at, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger="escalation.sweep")
    incidents = [declare_at("P1", title=f"Outage {n}") for n in range(300)]
    with time_machine.travel(LATE, tick=False), django_capture_on_commit_callbacks() as queued:
        assert sweep_due_deadlines() == 1200  # the page at open, then three levels each
    assert "failed together" not in caplog.text

    per_level = Counter(EscalationRecord.objects.values_list("incident_id", "level").order_by())
    assert len(per_level) == 1200 and set(per_level.values()) == {1}
    holders = Counter(
        IncidentRoleAssignment.objects.filter(ended_at__isnull=True)
        .values_list("incident_id", "role__key")
        .order_by()
    )
    assert set(holders.values()) == {1}
    for incident in (incidents[0], incidents[-1]):
        assert levels(incident) == ["acknowledge", "escalation_engineer", "incident_commander"]
        people = [uid for uid, _key in pages(incident)]
        assert people == [oncall[k].pk for k in ("first_responder", "escalation_engineer",
                                                   "incident_commander")]  # fmt: skip
        assert timeline_kinds(incident) == [
            "declared",
            "first_responder_paged",
            "sla_breached",
            "escalated",
            "role_assigned",
            "escalated",
            "role_assigned",
        ]
    assert Notification.objects.filter(status="queued").count() == 1200
    # One Celery message per handler per batch, not one per page.
    batch_dispatches = [c for c in queued if isinstance(c, partial) and c.func is dispatch_many]
    assert len(batch_dispatches) == len(queued) <= 8
    assert sum(len(c.args[0]) for c in batch_dispatches) == 1200
    assert sweep_due_deadlines(now=LATE) == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite splits a bulk INSERT every 999 parameters, so its count grows by design",
)
def test_the_queries_of_a_sweep_batch_do_not_grow_with_the_batch(oncall, declare_at, monkeypatch):
    def queries_to_fire(count: int, opened) -> int:
        for n in range(count):
            declare_at("P1", when=opened, title=f"Outage {n}")
        with (
            time_machine.travel(opened + timedelta(hours=10), tick=False),
            CaptureQueriesContext(connection) as ctx,
        ):
            # The page at open and three levels each, in one batch.
            assert sweep_due_deadlines(batch=2000) == 4 * count
        return len(ctx.captured_queries)

    # The on-call plan is read once per process and kept for lookups from 35 days before
    # the clock of that read (KEPT_HISTORY): read it afresh at the scenario's clock, as a
    # worker does at its first sweep, not at the real date (months after T0, where every
    # lookup at T0 would read the rotations and overrides again) nor from an earlier test.
    monkeypatch.setattr(schedule_plan._cache, "plan", None, raising=False)
    # The people paged are kept per process too: read them once, as a worker does.
    with time_machine.travel(T0, tick=False):
        for role in ("first_responder", "escalation_engineer", "incident_commander"):
            on_call_user(role, T0)
    small = queries_to_fire(50, T0)
    large = queries_to_fire(300, T0 + timedelta(days=1))
    assert large == small, (small, large)
    assert small < 60
