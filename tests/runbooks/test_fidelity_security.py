"""Scenario 10 as written (and the other team's data-exposure scenario): the commander and
a security specialist at once, "breach confirmed" apart from "personal data affected",
Legal paged, the ANPD clock, its stop, and the notice with the six LGPD fields. Also the
scenario's own severity and symptoms."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from incidents.errors import IncidentActionError
from incidents.models import RoleKey
from incidents.services import incident_declare
from runbooks.models import AuthorityNotice, Scenario
from runbooks.models.security import NOTICE_FIELDS
from runbooks.services import (
    anpd_notice_record,
    authority_notice_save,
    breach_confirm,
    personal_data_answer,
    scenario_attach,
)
from tests.conftest import _make_user

from .fidelity import T0, fired, import_team_playbook, put_on_call, sweep_at


@pytest.fixture(params=["customer", "harbor"])
def security(request, db, defaults, responder, responder2, commander, manager):
    import_team_playbook(request.param)
    specialist = _make_user("sofia", "Responder", "Sofia", "Alves")
    put_on_call(
        {
            RoleKey.FIRST_RESPONDER: responder,
            RoleKey.ESCALATION_ENGINEER: responder2,
            RoleKey.INCIDENT_COMMANDER: commander,
            RoleKey.SECURITY_SPECIALIST: specialist,
            RoleKey.LEGAL: manager,
        }
    )
    scenario = Scenario.objects.get(rules__kind="breach_confirmed")
    return scenario, specialist


def holder(incident, key):
    row = incident.assignments.filter(role__key=key, ended_at__isnull=True).first()
    return row.user if row else None


def test_fidelity_security_track_pages_specialist_and_legal_and_runs_the_anpd_clock(
    security, responder, commander, manager
):
    scenario, specialist = security
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Data leak", severity="P1", by=responder)
        scenario_attach(incident=incident, scenario=scenario, by=responder)
    sweep_at(T0 + timedelta(seconds=5))
    assert holder(incident, RoleKey.INCIDENT_COMMANDER) == commander
    assert holder(incident, RoleKey.SECURITY_SPECIALIST) == specialist
    assert holder(incident, RoleKey.LEGAL) is None

    # Personal data affected, breach not confirmed yet: no regulator clock, Legal not paged.
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        personal_data_answer(incident=incident, affected=True, by=responder)
    assert not incident.deadlines.filter(kind="lgpd_notice").exists()

    confirmed = T0 + timedelta(minutes=30)
    with time_machine.travel(confirmed, tick=False):
        breach_confirm(incident=incident, by=responder)
    sweep_at(confirmed + timedelta(seconds=5))
    assert holder(incident, RoleKey.LEGAL) == manager
    clock = incident.deadlines.get(kind="lgpd_notice")
    # Counted from when the company learned personal data was affected.
    learned = datetime.fromisoformat(clock.data["counted_from"])
    assert learned == T0 + timedelta(minutes=10)
    assert clock.is_pending and clock.stops_on == "never"
    event = incident.timeline.get(kind="breach_confirmed")
    assert event.actor == responder and event.data["business_days"] == 3
    with pytest.raises(IncidentActionError, match="already confirmed"):
        breach_confirm(incident=incident, by=responder)

    # The notice to the authority: six fields, filled in, edited, on the timeline.
    notice = {name: f"{name} text" for name in NOTICE_FIELDS}
    authority_notice_save(incident=incident, by=commander, fields=notice)
    saved = incident.timeline.get(kind="authority_notice_saved")
    assert saved.data == notice and saved.actor == commander
    assert AuthorityNotice.objects.get(incident=incident).risks == "risks text"

    with pytest.raises(IncidentActionError, match="protocol"):
        anpd_notice_record(incident=incident, by=commander, protocol="  ")
    with time_machine.travel(confirmed + timedelta(hours=1), tick=False):
        anpd_notice_record(incident=incident, by=commander, protocol="ANPD-2026-0042")
    clock.refresh_from_db()
    assert clock.cancelled_at is not None
    notified = incident.timeline.get(kind="anpd_notified")
    assert notified.actor == commander and notified.data["protocol"] == "ANPD-2026-0042"
    sweep_at(clock.due_at + timedelta(minutes=1))
    assert fired(incident, "lgpd_notice") is None
    assert not incident.timeline.filter(kind="lgpd_deadline_passed").exists()


def test_fidelity_unrecorded_anpd_notice_keeps_paging_the_commander(security, responder, commander):
    scenario, _specialist = security
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Data leak", severity="P0", by=responder)
        scenario_attach(incident=incident, scenario=scenario, by=responder)
        breach_confirm(incident=incident, by=responder)
        personal_data_answer(incident=incident, affected=True, by=responder)
    clock = incident.deadlines.get(kind="lgpd_notice")
    sweep_at(clock.due_at + timedelta(minutes=1))
    assert fired(incident, "lgpd_notice").paged == commander


def test_fidelity_notice_page_has_the_six_lgpd_fields(client, security, responder, commander):
    scenario, _specialist = security
    incident = incident_declare(title="Data leak", severity="P0", by=responder)
    scenario_attach(incident=incident, scenario=scenario, by=responder)
    breach_confirm(incident=incident, by=responder)
    personal_data_answer(incident=incident, affected=True, by=responder)
    url = reverse("runbooks:authority_notice", args=[incident.pk])
    client.force_login(responder)
    assert client.get(url).status_code == 403  # commanders write it
    client.force_login(commander)
    page = client.get(url).content.decode()
    for name in NOTICE_FIELDS:
        assert f'name="{name}"' in page
    assert "Data leak" in page  # filled from the incident
    data = {name: f"<b>{name}</b>" for name in NOTICE_FIELDS}
    response = client.post(url, data)
    assert response.status_code == 302
    assert client.get(url).content.decode().count("&lt;b&gt;") >= 6
    detail = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'data-testid="anpd-clock"' in detail


def test_fidelity_scenario_severity_raises_the_incident_and_retimes_its_clocks(
    imported, responder, commander
):
    leak = Scenario.objects.get(number=4)  # P0
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Heap grows", severity="P2", by=responder)
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        scenario_attach(incident=incident, scenario=leak, by=responder)
    incident.refresh_from_db()
    assert incident.severity == "P0"
    change = incident.timeline.get(kind="severity_changed")
    assert (change.data["from"], change.data["to"]) == ("P2", "P0")
    assert "Scenario 4" in change.data["reason"] and change.actor == responder
    acknowledge = incident.deadlines.get(kind="acknowledge")
    assert acknowledge.due_at == T0 + timedelta(minutes=15)  # P0's 15 min, from the opening


def test_fidelity_lower_scenario_severity_is_a_suggestion_and_symptoms_are_shown(
    client, imported, responder
):
    rate_limit = Scenario.objects.get(number=8)  # P2
    incident = incident_declare(title="429 everywhere", severity="P0", by=responder)
    scenario_attach(incident=incident, scenario=rate_limit, by=responder)
    incident.refresh_from_db()
    assert incident.severity == "P0"
    assert not incident.timeline.filter(kind="severity_changed").exists()
    client.force_login(responder)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'data-testid="severity-suggestion"' in page
    assert 'data-testid="scenario-symptoms"' in page
    assert "Rate limit exceeded" in page
    picker = client.get(reverse("runbooks:suggest"), {"title": "OpenAI rate limit exceeded"})
    assert "Rate limit exceeded" in picker.content.decode()  # the symptoms, to compare
