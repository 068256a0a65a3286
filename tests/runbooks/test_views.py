import pytest
from django.urls import reverse

from runbooks.models import IncidentRunbook, StepProgress
from runbooks.services import scenario_attach

from .conftest import scenario_titled

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def incident(imported, declare, responder):
    incident = declare("P0", "Database down")
    scenario_attach(incident=incident, scenario=scenario_titled("Database Down"), by=responder)
    return incident


def login(client, user):
    user.profile.language = "en"  # the assertions read English
    user.profile.save()
    client.force_login(user)
    return client


def first_step(incident, section="diagnosis"):
    return incident.runbook.scenario.steps.filter(section=section).order_by("order").first()


def test_incident_page_shows_the_checklist(client, incident, responder):
    page = login(client, responder).get(reverse("incidents:detail", args=[incident.pk]))
    html = page.content.decode()
    assert "Database Down" in html
    assert "Verificar health check" in html
    assert "curl https://backend.railway.app/api/health" in html
    assert 'data-testid="progress-diagnosis">0/3' in html


def test_tick_with_htmx_returns_the_panel_and_records_the_step(client, incident, responder):
    step = first_step(incident)
    url = reverse("runbooks:step_mark", args=[incident.pk, step.pk, "done"])
    response = login(client, responder).post(url, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="incident-main"' in html and "<html" not in html
    assert "Done by <bdi>Ana Souza</bdi>" in html
    assert 'data-testid="progress-diagnosis">1/3' in html
    assert StepProgress.objects.get(incident=incident, step=step).by == responder


def test_tick_without_javascript_redirects_back(client, incident, responder):
    step = first_step(incident)
    url = reverse("runbooks:step_mark", args=[incident.pk, step.pk, "done"])
    response = login(client, responder).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:detail", args=[incident.pk])


def test_skip_without_reason_is_explained_and_changes_nothing(client, incident, responder):
    step = first_step(incident)
    url = reverse("runbooks:step_mark", args=[incident.pk, step.pk, "skipped"])
    html = login(client, responder).post(url, {"reason": ""}, **HX).content.decode()
    assert "Say why you skip this step." in html
    assert not StepProgress.objects.exists()


def test_manager_cannot_tick_and_is_told_why(client, incident, manager):
    step = first_step(incident)
    url = reverse("runbooks:step_mark", args=[incident.pk, step.pk, "done"])
    response = login(client, manager).post(url)
    assert response.status_code == 403
    assert "work the checklist" in response.content.decode()
    assert not StepProgress.objects.exists()


def test_only_commanders_waive(client, incident, responder, commander):
    url = reverse("runbooks:waive", args=[incident.pk])
    assert login(client, responder).post(url, {"reason": "trust me"}).status_code == 403
    response = login(client, commander).post(url, {"reason": "Checked by hand"}, **HX)
    assert "Verification waived by <bdi>Carla Mendes</bdi>" in response.content.decode()


def test_resolve_is_refused_before_verification(client, incident, responder):
    from incidents.services import incident_acknowledge

    incident_acknowledge(incident=incident, by=responder)
    url = reverse("incidents:transition", args=[incident.pk, "resolve"])
    html = login(client, responder).post(url, **HX).content.decode()
    assert "The verification is not done: 3 steps left" in html
    incident.refresh_from_db()
    assert incident.status == "acknowledged"


def test_declare_form_suggests_and_attaches_a_scenario(client, imported, responder):
    login(client, responder)
    form = client.get(reverse("incidents:declare")).content.decode()
    assert 'name="scenario"' in form
    suggestion = client.get(
        reverse("runbooks:suggest"), {"title": "Database down, postgres crashed"}
    )
    html = suggestion.content.decode()
    database_down = scenario_titled("Database Down")
    first = html.index('type="radio" name="scenario"')
    assert f'value="{database_down.pk}"' in html[first : first + 80]  # offered first...
    assert f'value="{database_down.pk}" data-severity="P0" checked' not in html  # ...not picked
    assert "Best matches for the title" in html
    response = client.post(
        reverse("incidents:declare"),
        {
            "title": "Database down",
            "severity": "P0",
            "source": "manual",
            "scenario": database_down.pk,
        },
    )
    assert response.status_code == 302
    runbook = IncidentRunbook.objects.get()
    assert runbook.scenario == database_down and runbook.attached_by == responder


def test_attach_later_from_the_incident_page(client, imported, declare, responder):
    incident = declare("P1", "Login fails for everyone")
    login(client, responder)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    auth = scenario_titled("Authentication")
    assert f'<option value="{auth.pk}" selected>' in page  # suggested from the title
    url = reverse("runbooks:attach", args=[incident.pk])
    assert "Choose a scenario." in client.post(url, {"scenario": ""}, **HX).content.decode()
    html = client.post(url, {"scenario": auth.pk}, **HX).content.decode()
    assert "Authentication Broken" in html and "Testar login" in html


def test_reference_page(client, imported, manager):
    assert client.get(reverse("runbooks:reference")).status_code == 302  # login required
    html = login(client, manager).get(reverse("runbooks:reference")).content.decode()
    assert "./scripts/rollback.sh" in html
    assert "https://status.openai.com/" in html
    assert "Escalation matrix" in html and "15 min" in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Rate limit hit on OpenAI, 429 Too Many Requests", "Rate Limit Hit (OpenAI)"),
        ("Login broken: JWT invalid for every user", "Authentication Broken"),
        ("Frontend white screen, Cannot GET /", "Frontend Down (White Screen)"),
        ("Unauthorized access, suspected data exfiltration", "Security Breach Suspected"),
    ],
)
def test_suggestions_rank_by_words_typed(imported, typed, expected):
    from runbooks.selectors import suggest_scenarios

    assert suggest_scenarios(typed)[0].title == expected


def test_markdown_code_spans_render_as_code_and_stay_escaped():
    from runbooks.templatetags.runbook_tags import inline_code

    html = inline_code("Run `./scripts/rollback.sh` then <b>check</b>")
    assert html == "Run <code>./scripts/rollback.sh</code> then &lt;b&gt;check&lt;/b&gt;"


def test_undo_a_tick_with_htmx_and_the_panel_says_so(client, incident, responder):
    step = first_step(incident)
    login(client, responder).post(
        reverse("runbooks:step_mark", args=[incident.pk, step.pk, "done"]), **HX
    )
    response = client.post(reverse("runbooks:step_reopen", args=[incident.pk, step.pk]), **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'data-testid="progress-diagnosis">0/3' in html
        and "Done by <bdi>Ana Souza</bdi>" not in html
    )
    assert "reopened" in html and not StepProgress.objects.exists()
    again = client.post(reverse("runbooks:step_reopen", args=[incident.pk, step.pk]), **HX)
    assert "nothing to undo" in again.content.decode()


def test_manager_cannot_undo_a_tick(client, incident, responder, manager):
    step = first_step(incident)
    login(client, responder).post(
        reverse("runbooks:step_mark", args=[incident.pk, step.pk, "done"])
    )
    response = login(client, manager).post(
        reverse("runbooks:step_reopen", args=[incident.pk, step.pk])
    )
    assert response.status_code == 403
    assert StepProgress.objects.filter(incident=incident, step=step).exists()
