from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

SP = ZoneInfo("America/Sao_Paulo")
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=SP)


@pytest.fixture
def resolved(declare, commander):
    """resolved(severity, title, at=T0): an incident declared, acknowledged and resolved by
    the commander at `at` (opened an hour earlier)."""
    from incidents.services import incident_acknowledge, incident_resolve

    def _resolved(
        severity="P1", title="Backend returns 500 everywhere", at=T0, by=None, before=None
    ):
        who = by or commander
        opened = at - timezone.timedelta(hours=1)
        with time_machine.travel(opened, tick=False):
            incident = declare(severity, title, by=who)
            if before:
                before(incident)
            incident_acknowledge(incident=incident, by=who)
        with time_machine.travel(at, tick=False):
            return incident_resolve(incident=incident, by=who)

    return _resolved


def sweep(at):
    """Stop the clock at `at` and run the one sweep."""
    from escalation.sweep import sweep_due_deadlines

    with time_machine.travel(at, tick=False):
        return sweep_due_deadlines(now=at)


def pages(incident, reason):
    from notifications.models import Notification

    return list(
        Notification.objects.filter(incident=incident, reason=reason, root__isnull=True)
        .select_related("user")
        .order_by("id")
    )
