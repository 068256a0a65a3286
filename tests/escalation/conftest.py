from datetime import UTC, datetime, timedelta

import pytest
import time_machine

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


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


def levels(incident) -> list[str]:
    """The levels fired for an incident, in the order they were recorded."""
    from escalation.models import EscalationRecord

    return list(
        EscalationRecord.objects.filter(incident=incident)
        .order_by("id")
        .values_list("level", flat=True)
    )


def pages(incident) -> list[tuple[int, str]]:
    """(user id, key) of every page queued for the incident."""
    from notifications.models import Notification

    return list(
        Notification.objects.filter(incident=incident, root__isnull=True)
        .order_by("id")
        .values_list("user_id", "key")
    )


def timeline_kinds(incident) -> list[str]:
    return list(incident.timeline.order_by("created_at", "id").values_list("kind", flat=True))
