"""The incident page in order of urgency, its timeline filter and the folded paging runs
(issue 15; keyword: experience)."""

import pytest

from incidents.models import Role
from incidents.services import incident_add_note, incident_assign_role, timeline_append

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, incident, query=""):
    return client.get(f"/incidents/{incident.pk}/{query}").content.decode()


def test_experience_page_puts_the_next_clock_and_roles_before_the_rest(
    client, commander, responder, declare
):
    incident = declare("P1", title="Login fails for everyone")
    role = Role.objects.get(key="first_responder")
    incident_assign_role(incident=incident, role=role, user=responder, by=commander)
    client.force_login(commander)
    html = _page(client, incident)
    order = [
        'class="incident-head',
        'id="next-clock"',
        'data-testid="role-holders"',
        'id="runbook"',
        'id="comms-panel"',
        'id="timeline"',
        'id="clocks"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions), dict(zip(order, positions, strict=True))
    now = html[html.index('id="next-clock"') : html.index('id="runbook"')]
    assert "Reconhecer até" in now  # the acknowledge clock runs out first
    assert "Primeiro Respondedor" in now and "Ana Souza" in now
    assert 'id="composer"' not in html  # the composer opens on demand


def test_experience_timeline_filters_and_folds_paging_runs(client, commander, declare):
    incident = declare("P1")
    incident_add_note(incident=incident, text="Rolling back the deploy", by=commander)
    for attempt in range(1, 5):
        timeline_append(
            incident=incident,
            kind="page_failed",
            data={"user": "Ana Souza", "channel": "slack", "attempt": attempt, "max_attempts": 4},
        )
    client.force_login(commander)

    everything = _page(client, incident)
    assert everything.count('data-testid="tl-folded"') == 1  # four attempts, one line
    assert "4 entradas de acionamento" in everything
    assert "Rolling back the deploy" in everything

    people = _page(client, incident, "?timeline=people")
    assert "Rolling back the deploy" in people and "tl-page_failed" not in people
    assert 'data-filter="people" aria-current="true"' in people

    again = _page(client, incident)  # the choice is remembered
    assert 'data-filter="people" aria-current="true"' in again and "tl-page_failed" not in again

    paging = client.get(f"/incidents/{incident.pk}/?timeline=paging", **HTMX).content.decode()
    assert "<html" not in paging
    assert "tl-page_failed" in paging and "Rolling back the deploy" not in paging

    checklist = _page(client, incident, "?timeline=checklist")
    assert "tl-page_failed" not in checklist and "tl-note_added" not in checklist


def test_experience_short_paging_runs_stay_unfolded(client, commander, declare):
    incident = declare("P1")
    for attempt in (1, 2):
        timeline_append(incident=incident, kind="page_failed", data={"attempt": attempt})
    client.force_login(commander)
    html = _page(client, incident, "?timeline=all")
    assert 'data-testid="tl-folded"' not in html and html.count("tl-item tl-page_failed") == 2


def test_experience_time_zone_picker_is_grouped_by_region(client, responder):
    client.force_login(responder)
    html = client.get("/me/").content.decode()
    assert '<optgroup label="America">' in html and ">Sao Paulo</option>" in html
    assert 'data-testid="tz-picker"' in html and 'class="tz-filter"' in html
    response = client.post(
        "/me/", {"language": "en", "timezone": "Europe/Lisbon", "phone": "", "slack_handle": ""}
    )
    assert response.status_code == 302
    responder.profile.refresh_from_db()
    assert responder.profile.timezone == "Europe/Lisbon"


def test_experience_timeline_names_the_message_kind_in_words(client, commander, declare):
    incident = declare("P1")
    timeline_append(
        incident=incident,
        kind="communication_sent",
        actor=commander,
        data={"kind": "notification", "recipients": {"email": ["a@example.com"]}},
    )
    client.force_login(commander)
    html = _page(client, incident)
    assert "(Notificação de incidente)" in html and "(notification)" not in html
