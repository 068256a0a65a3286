"""No Portuguese in the English interface: importing the English playbook after the
Portuguese one stores its wording as translations of the same scenarios, and the checklist
and the declare picker show the viewer's language (issue 15; keyword: experience)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db
DEFAULTS = Path(__file__).resolve().parents[2] / "runbooks/defaults"


@pytest.fixture
def both_imported(defaults):
    for name in ("playbook.pt-BR.md", "playbook.en.md"):
        call_command("import_playbook", str(DEFAULTS / name), stdout=StringIO())


def test_experience_second_language_playbook_is_stored_as_translations(both_imported):
    from runbooks.models import Scenario, ScenarioTranslation, Step

    scenario = Scenario.objects.get(number=6)
    assert scenario.title == "Autenticação Quebrada" and scenario.language == "pt-br"
    english = ScenarioTranslation.objects.get(scenario=scenario, language="en")
    assert english.title == "Authentication Broken"
    assert english.symptoms and english.symptoms != scenario.symptoms
    steps = list(Step.objects.filter(scenario=scenario, retired=False))
    assert set(english.steps) <= {step.key for step in steps}
    assert len(english.steps) >= len(steps) * 0.8
    assert Scenario.objects.count() == 10
    assert ScenarioTranslation.objects.count() == 10
    # Re-importing the Portuguese playbook keeps the English wording.
    call_command("import_playbook", str(DEFAULTS / "playbook.pt-BR.md"), stdout=StringIO())
    assert ScenarioTranslation.objects.filter(language="en").count() == 10


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", "Authentication Broken", "Autenticação Quebrada"),
        ("pt-br", "Autenticação Quebrada", "Authentication Broken"),
    ],
)
def test_experience_checklist_and_picker_in_the_viewers_language(
    client, both_imported, commander, declare, language, shown, hidden
):
    from incidents.models import Profile
    from runbooks.models import Scenario, ScenarioTranslation, Step
    from runbooks.services import scenario_attach

    Profile.objects.filter(user=commander).update(language=language)
    client.force_login(commander)
    picker = client.get(reverse("runbooks:suggest"), {"title": "Login fails for all users"})
    assert shown in picker.content.decode() and hidden not in picker.content.decode()

    incident = declare("P1", title="Login broken")
    scenario = Scenario.objects.get(number=6)
    scenario_attach(incident=incident, scenario=scenario, by=commander)
    page = client.get(reverse("incidents:detail", kwargs={"pk": incident.pk})).content.decode()
    assert f'id="runbook-title">{shown}<' in page
    step = Step.objects.filter(scenario=scenario, section="immediate_action").first()
    assert step is not None
    english = ScenarioTranslation.objects.get(scenario=scenario).steps[step.key]["text"]
    assert english != step.text
    wanted, other = (english, step.text) if language == "en" else (step.text, english)
    assert (
        f"Mark done: {wanted}" in page
        or f"Marcar como feito: {wanted}" in page
        or (wanted.split("`")[0][:30] in page)
    )
    assert other.split("`")[0][:30] not in page
    rule_wording = ScenarioTranslation.objects.get(scenario=scenario).rules["0"]["text"]
    primary_rule = scenario.rules.get(order=0).text
    assert rule_wording != primary_rule
    shown_rule, hidden_rule = (
        (rule_wording, primary_rule) if language == "en" else (primary_rule, rule_wording)
    )
    rules_list = page.split('class="rb-rule-when"', 1)[1][:800]  # the scenario's rules
    assert shown_rule.split("`")[0][:25] in rules_list
    assert hidden_rule.split("`")[0][:25] not in rules_list


def test_experience_scenarios_imported_before_translations_get_the_last_import_language(
    defaults, client
):
    import importlib

    from django.apps import apps

    from runbooks.models import Scenario, ScenarioTranslation

    call_command("import_playbook", str(DEFAULTS / "playbook.pt-BR.md"), stdout=StringIO())
    Scenario.objects.update(language="")  # as rows written before the language column
    migration = importlib.import_module(
        "runbooks.migrations.0006_scenario_language_from_last_import"
    )
    migration.fill_language(apps, None)
    assert set(Scenario.objects.values_list("language", flat=True)) == {"pt-br"}
    call_command("import_playbook", str(DEFAULTS / "playbook.en.md"), stdout=StringIO())
    assert Scenario.objects.get(number=6).title == "Autenticação Quebrada"
    assert ScenarioTranslation.objects.filter(language="en").count() == 10
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-boss")
    client.force_login(boss)
    scenario = Scenario.objects.get(number=6)
    page = client.get(reverse("admin:runbooks_scenario_change", args=[scenario.pk]))
    assert page.status_code == 200 and "Authentication Broken" in page.content.decode()
