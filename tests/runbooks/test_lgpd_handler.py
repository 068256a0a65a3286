from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction

from incidents.models import Deadline, Role, RoleKey
from incidents.services import incident_assign_role
from runbooks.handlers import lgpd_deadlines_passed
from runbooks.services import breach_confirm, personal_data_answer, scenario_attach

from .conftest import scenario_titled

SP = ZoneInfo("America/Sao_Paulo")


def test_overdue_lgpd_notice_goes_on_the_timeline_and_pages_the_commander(
    imported, declare, responder, commander
):
    from notifications.models import Notification

    incident = declare("P0", "Customer data exfiltrated")
    scenario_attach(incident=incident, scenario=scenario_titled("Security Breach"), by=responder)
    incident_assign_role(
        incident=incident,
        role=Role.objects.get(key=RoleKey.INCIDENT_COMMANDER),
        user=commander,
        by=commander,
    )
    with time_machine.travel(datetime(2026, 9, 4, 16, 30, tzinfo=SP), tick=False):
        breach_confirm(incident=incident, by=responder)
        personal_data_answer(incident=incident, affected=True, by=responder)
    deadline = Deadline.objects.get(incident=incident, kind="lgpd_notice")
    late = deadline.due_at + timedelta(seconds=1)
    with time_machine.travel(late, tick=False), transaction.atomic():
        lgpd_deadlines_passed([deadline], late)
    event = incident.timeline.get(kind="lgpd_deadline_passed")
    assert event.data["paged"] == "Carla Mendes" and event.data["paged_sent"] is True
    assert Notification.objects.filter(incident=incident, user=commander).exists()
    # Firing twice (a redelivered sweep) pages nobody twice.
    before = Notification.objects.count()
    with time_machine.travel(late, tick=False), transaction.atomic():
        lgpd_deadlines_passed([deadline], late)
    assert Notification.objects.count() == before
