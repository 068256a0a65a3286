"""Stakeholder communication as the playbook runs it: the update clock from the
declaration, no "every  minutes", the resolved notice to everyone told, the close gate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from communications.models import AudienceList
from communications.selectors import filled_template, notified_audience_ids
from communications.services import resolved_notice_waive
from incidents.errors import IncidentActionError
from incidents.services import (
    incident_acknowledge,
    incident_declare,
    incident_resolve,
    incident_transition,
)

from .helpers import send

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))


def test_fidelity_update_clock_runs_from_the_declaration(
    as_user, comms_defaults, commander, audiences
):
    with time_machine.travel(T0, tick=False):
        incident = incident_declare(title="Checkout down", severity="P1", by=commander)
        page = as_user(commander).get(f"/incidents/{incident.pk}/").content.decode()
    clock = incident.deadlines.get(kind="stakeholder_update")
    assert clock.due_at == T0 + timedelta(minutes=30)  # not 30 minutes after a first send
    assert 'data-testid="first-notice-prompt"' in page
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        send(incident, commander)
    clock.refresh_from_db()
    assert clock.due_at == T0 + timedelta(minutes=40)  # then from each update
    quiet = incident_declare(title="Typo on a label", severity="P3", by=commander)
    assert not quiet.deadlines.filter(kind="stakeholder_update").exists()


@pytest.mark.parametrize("language", ["pt-br", "en"])
def test_fidelity_p2_messages_never_show_a_missing_number(comms_defaults, commander, language):
    incident = incident_declare(title="Reports late", severity="P2", by=commander)
    rendered = filled_template(
        incident, kind="notification", language=language, impact="Slow", forecast="17:00"
    )
    assert "a cada  minutos" not in rendered.email_body
    assert "every  minutes" not in rendered.email_body
    assert "a cada" not in rendered.email_body and "every " not in rendered.email_body
    urgent = incident_declare(title="Reports gone", severity="P1", by=commander)
    rendered = filled_template(
        urgent, kind="notification", language=language, impact="Down", forecast="17:00"
    )
    assert ("a cada 30 minutos" in rendered.email_body) or (
        "every 30 minutes" in rendered.email_body
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_fidelity_resolved_notice_goes_to_everyone_told_and_gates_closing(
    as_user, comms_defaults, commander, responder, audiences
):
    incident = incident_declare(title="Checkout down", severity="P1", by=commander)
    send(incident, commander)  # the Slack list
    stakeholders = audiences["stakeholders"]
    send(incident, commander, kind="status_update")
    from communications.models import SentCommunication

    SentCommunication.objects.filter(incident=incident).update(
        audience_ids=[audiences["slack"].pk, stakeholders.pk]
    )
    assert set(notified_audience_ids(incident)) == {audiences["slack"].pk, stakeholders.pk}

    incident_acknowledge(incident=incident, by=responder)
    incident_resolve(incident=incident, by=commander)
    client = as_user(commander)
    page = client.get(f"/incidents/{incident.pk}/communications/")
    form = page.context["composer"]
    assert form["kind"].value() == "resolved"
    assert {int(pk) for pk in form["audiences"].value()} == {
        audiences["slack"].pk,
        stakeholders.pk,
    }
    with translation.override("en"), pytest.raises(IncidentActionError, match="resolved notice"):
        incident_transition(incident=incident, action="close", by=commander)
    detail = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert 'data-testid="resolved-notice-owed"' in detail

    with translation.override("en"), pytest.raises(IncidentActionError, match="Say why"):
        resolved_notice_waive(incident=incident, by=commander, reason=" ")
    response = client.post(
        f"/incidents/{incident.pk}/communications/waive-resolved/",
        {"reason": "Customers were told by phone"},
    )
    assert response.status_code in (200, 302)
    waived = incident.timeline.get(kind="resolved_notice_waived")
    assert waived.actor == commander and waived.data["reason"] == "Customers were told by phone"
    incident_transition(incident=incident, action="close", by=commander)
    incident.refresh_from_db()
    assert incident.status == "closed"


def test_fidelity_sending_the_resolved_notice_opens_the_close(
    comms_defaults, commander, responder, audiences
):
    incident = incident_declare(title="Checkout down", severity="P1", by=commander)
    send(incident, commander)
    incident_acknowledge(incident=incident, by=responder)
    incident_resolve(incident=incident, by=commander)
    send(incident, commander, kind="resolved")
    assert AudienceList.objects.exists()
    incident_transition(incident=incident, action="close", by=commander)
    # An incident nobody was told about closes as before.
    quiet = incident_declare(title="Internal only", severity="P2", by=commander)
    incident_acknowledge(incident=quiet, by=responder)
    incident_resolve(incident=quiet, by=commander)
    incident_transition(incident=quiet, action="close", by=commander)
