from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.notifications.conftest import providers  # noqa: F401  (the local providers)

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def slack_only_by_default(settings):
    """The severity clocks' tests: nobody is paged louder later by default (the louder
    steps have their own tests, test_paging_loop_louder.py, which set the rules back)."""
    settings.PAGING_DEFAULT_RULES = {sev: {"slack": 0} for sev in ("P0", "P1", "P2", "P3")}


@pytest.fixture
def shipped_paging_rules(settings):
    """P0/P1: Slack at once, SMS at 3 min, a call at 6 (PAGING_DEFAULT_RULES)."""
    import config.settings as shipped

    settings.PAGING_DEFAULT_RULES = shipped.PAGING_DEFAULT_RULES


@pytest.fixture
def defaults(defaults):
    """These tests follow the SLA matrix alone: no stakeholder update cadence, whose clock
    (from the declaration, for P0/P1) is tested in tests/communications."""
    from communications.models import CadencePolicy

    CadencePolicy.objects.update(update_every_minutes=None)


@pytest.fixture
def oncall(defaults, responder, responder2, commander):
    """Ana is First Responder on call, Rafael Escalation Engineer, Carla Incident Commander."""
    from escalation.models import OnCallShift
    from incidents.models import Role

    start = T0 - timedelta(days=30)
    people = {
        "first_responder": responder,
        "escalation_engineer": responder2,
        "incident_commander": commander,
    }
    for key, user in people.items():
        OnCallShift.objects.create(role=Role.objects.get(key=key), user=user, starts_at=start)
    return people


@pytest.fixture
def sweep_at():
    """Run one sweep with the clock stopped at `when`; returns how many deadlines fired."""
    from escalation.sweep import sweep_due_deadlines

    def _sweep(when: datetime) -> int:
        with time_machine.travel(when, tick=False):
            return sweep_due_deadlines()

    return _sweep


@pytest.fixture
def declare_at(declare):
    def _declare(severity: str, when: datetime = T0, title: str = "Backend returns 500"):
        with time_machine.travel(when, tick=False):
            return declare(severity, title=title)

    return _declare


# The paging loop's own clocks (the page at open, each person's louder steps): the
# tests of the severity clocks leave them out; tests/notifications/test_paging_loop*.py
# are about them.
LOOP_LEVELS = ("first_page", "louder")
LOOP_REASONS = ("declared", "reopened", "louder")


def levels(incident, *, loop: bool = False) -> list[str]:
    """The levels fired for an incident, in the order they were recorded (without the
    paging loop's unless `loop`)."""
    from escalation.models import EscalationRecord

    fired = EscalationRecord.objects.filter(incident=incident).order_by("id")
    return [
        level
        for level in fired.values_list("level", flat=True)
        if loop or level.split(":", 1)[0] not in LOOP_LEVELS
    ]


def pages(incident, *, loop: bool = False) -> list[tuple[int, str]]:
    """(user id, key) of every page queued for the incident (without the paging loop's
    unless `loop`)."""
    from notifications.models import Notification

    rows = Notification.objects.filter(incident=incident, root__isnull=True).order_by("id")
    return [
        (user_id, key)
        for user_id, key, reason in rows.values_list("user_id", "key", "reason")
        if loop or reason.split(":", 1)[0] not in LOOP_REASONS
    ]


def timeline_kinds(incident) -> list[str]:
    return list(incident.timeline.order_by("created_at", "id").values_list("kind", flat=True))


def pages_to(incident, username: str) -> list[tuple[str, str]]:
    """(channel, reason) of each page's first row to that person, in order."""
    from notifications.models import Notification

    rows = Notification.objects.filter(
        incident=incident, root__isnull=True, user__username=username
    )
    return [(r.channel, r.reason) for r in rows.order_by("id")]


def person(username: str, group: str, first: str, last: str):
    """A user in that group, pageable by Slack and SMS."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from incidents.models import Profile

    user = get_user_model().objects.create_user(
        username=username, password=f"pw-{username}", first_name=first, last_name=last
    )
    user.groups.add(Group.objects.get(name=group))
    Profile.objects.create(user=user, phone="+55 11 90000-0001", slack_handle=f"@{username}")
    return user


def steps_for(incident, name: str) -> list[tuple[list[str], str]]:
    """(channels, reason of the page) of that person's louder steps still to come."""
    rows = incident.deadlines.pending().filter(kind__startswith="louder:").order_by("due_at")
    return [(d.data["channels"], d.data["reason"]) for d in rows if d.data["user"] == name]


def paged_as_security_specialist(declare_at, sweep_at, commander, severity: str, title: str):
    """An incident whose scenario rule paged Carla, on call as Security specialist, at
    T0 (the sweep at T0 has run)."""
    from escalation.models import OnCallShift
    from incidents.models import Role
    from incidents.services import deadline_set

    security = Role.objects.get(key="security_specialist")
    OnCallShift.objects.create(role=security, user=commander, starts_at=T0 - timedelta(days=30))
    incident = declare_at(severity, title=title)
    with time_machine.travel(T0, tick=False):
        deadline_set(
            incident=incident,
            kind="scenario_rule:security",
            due_at=T0,
            data={"action": "escalate", "target": "security_specialist", "label": "Security"},
        )
    sweep_at(T0)
    return incident
