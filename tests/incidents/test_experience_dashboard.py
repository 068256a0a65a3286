"""The dashboard after acknowledgement: next clock, who answers, checklist progress; sort
and "mine" (issue 15; keyword: experience)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import Role
from incidents.services import deadline_set, incident_acknowledge, incident_assign_role

pytestmark = pytest.mark.django_db


def _row(html, incident):
    start = html.index(f'id="incident-{incident.pk}"')
    return html[start : html.index("</article>", start)]


def test_experience_dashboard_row_shows_clock_roles_and_checklist(
    client, responder, commander, declare
):
    from runbooks.models import Scenario, Section, Step, StepState
    from runbooks.services import scenario_attach, step_mark

    # P2: no stakeholder update clock, so the Escalation Engineer is what comes next.
    incident = declare("P2", title="Login fails for everyone")
    incident_acknowledge(incident=incident, by=responder)
    incident_assign_role(
        incident=incident,
        role=Role.objects.get(key="incident_commander"),
        user=commander,
        by=commander,
    )
    scenario = Scenario.objects.create(number=6, title="Login broken", severity="P2")
    steps = [
        Step.objects.create(
            scenario=scenario, key=f"s{i}", order=i, section=Section.DIAGNOSIS, text=f"Step {i}"
        )
        for i in range(4)
    ]
    scenario_attach(incident=incident, scenario=scenario, by=commander)
    step_mark(incident=incident, step=steps[0], state=StepState.DONE, by=responder)

    client.force_login(responder)
    row = _row(client.get("/").content.decode(), incident)
    assert "Engenheiro de Escalonamento às" in row  # the next clock: what...
    assert 'class="countdown"' in row  # ...and when
    assert "<bdi>Comandante do Incidente</bdi>: <strong><bdi>Carla Mendes</bdi></strong>" in row
    assert "<bdi>Primeiro Respondedor</bdi>:" in row and "Ana Souza" in row
    assert "Checklist 1/4" in row


def test_experience_dashboard_sorts_by_clock_and_filters_mine(
    client, responder, commander, declare
):
    severe_later = declare("P1", title="Severe but later")
    sooner = declare("P3", title="Minor but sooner")
    soon = timezone.now() + timedelta(minutes=1)
    deadline_set(incident=sooner, kind="custom", due_at=soon, data={"label": "Soon"})
    mine = declare("P2", title="The one I acknowledged")
    incident_acknowledge(incident=mine, by=responder)
    client.force_login(responder)

    default = client.get("/").content.decode()
    assert default.index("Severe but later") < default.index("Minor but sooner")
    by_clock = client.get("/?sort=clock").content.decode()
    assert by_clock.index("Minor but sooner") < by_clock.index("Severe but later")
    assert 'data-sort="clock" href="?sort=clock" aria-current="true"' in by_clock

    only_mine = client.get("/?sort=clock&mine=1").content.decode()
    assert "The one I acknowledged" in only_mine
    assert "Severe but later" not in only_mine and "Minor but sooner" not in only_mine
    assert "sort=clock&amp;mine=1" in only_mine  # polling keeps the choice
    assert severe_later.pk != mine.pk


def test_experience_dashboard_acknowledge_row_keeps_the_new_columns(client, responder, declare):
    incident = declare("P1")
    client.force_login(responder)
    html = client.post(
        f"/incidents/{incident.pk}/actions/acknowledge/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"incident-{incident.pk}",
    ).content.decode()
    assert 'data-testid="row-clock"' in html and 'data-testid="row-roles"' in html
    assert "Ana Souza" in html
