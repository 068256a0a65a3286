"""What the playbook-fidelity tests share: two teams' playbooks (the customer's and one
written for these tests, in the same Markdown shape with other scenarios and wording),
imported through the command, and one person on call for every role."""

from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from .conftest import SHARED_PLAYBOOK

FIXTURES = Path(__file__).parent / "fixtures"
HARBOR = FIXTURES / "harbor-logistics.en.md"
PLAYBOOKS = {"customer": SHARED_PLAYBOOK, "harbor": HARBOR}
SP = ZoneInfo("America/Sao_Paulo")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=SP)


def import_team_playbook(name: str) -> Path:
    path = PLAYBOOKS[name]
    if not path.exists():
        pytest.skip(f"the customer's playbook is not next to this checkout ({path})")
    call_command("import_playbook", str(path), stdout=StringIO(), stderr=StringIO())
    return path


def put_on_call(people: dict[str, object]) -> None:
    from datetime import timedelta

    from escalation.models import OnCallShift
    from incidents.models import Role

    for key, user in people.items():
        OnCallShift.objects.create(
            role=Role.objects.get(key=key), user=user, starts_at=T0 - timedelta(days=30)
        )


def sweep_at(when: datetime) -> None:
    from escalation.sweep import sweep_due_deadlines

    with time_machine.travel(when, tick=False):
        sweep_due_deadlines(when)


def fired(incident, level: str):
    """The escalation record of that level on the incident, or None."""
    from escalation.models import EscalationRecord

    return EscalationRecord.objects.filter(incident=incident, level=level).first()
