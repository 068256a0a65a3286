"""A scenario in the viewer's language: the playbook imported in a second language is stored
as translations of the same scenarios (ScenarioTranslation), not over them, and the pages
that show a scenario (checklist panel, declare picker) swap in the viewer's wording."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils import translation

from .models import Scenario, ScenarioTranslation, Step
from .playbook import Scenario as ParsedScenario


def language_key(language: str | None) -> str:
    """'en' or 'pt-br', whatever the spelling ('en-us', 'pt_BR')."""
    return "en" if (language or "").lower().startswith("en") else "pt-br"


def is_translation(scenario: Scenario, language: str) -> bool:
    """Whether importing ``language`` over this scenario writes a translation of it."""
    return bool(scenario.language) and language_key(scenario.language) != language_key(language)


def save_translation(scenario: Scenario, parsed: ParsedScenario, language: str) -> bool:
    """Store the parsed scenario as the ``language`` wording of ``scenario``; each parsed step
    translates the primary step at the same place in the same section. True when changed."""
    primary: dict[str, list[Step]] = defaultdict(list)
    for step in scenario.steps.filter(retired=False).order_by("order"):
        primary[step.section].append(step)
    seen: dict[str, int] = defaultdict(int)
    steps: dict[str, dict[str, str]] = {}
    for parsed_step in parsed.steps:
        place = seen[parsed_step.section]
        seen[parsed_step.section] += 1
        if place < len(primary[parsed_step.section]):
            key = primary[parsed_step.section][place].key
            steps[key] = {
                "case": (parsed_step.case or "")[:300],
                "text": parsed_step.text,
                "command": parsed_step.command or "",
            }
    fields = {
        "title": parsed.title[:200],
        "description": parsed.description or "",
        "symptoms": list(parsed.symptoms),
        "steps": steps,
        "rules": {
            str(order): {"text": rule.text, "condition": (rule.condition or "")[:300]}
            for order, rule in enumerate(parsed.escalation_rules)
        },
    }
    row, created = ScenarioTranslation.objects.get_or_create(
        scenario=scenario, language=language_key(language), defaults=fields
    )
    if created:
        return True
    if all(getattr(row, name) == value for name, value in fields.items()):
        return False
    ScenarioTranslation.objects.filter(pk=row.pk).update(**fields)
    return True


def _wanted(scenarios: Iterable[Scenario]) -> dict[int, ScenarioTranslation]:
    language = language_key(translation.get_language())
    others = [s.pk for s in scenarios if s.language and language_key(s.language) != language]
    if not others:
        return {}
    rows = ScenarioTranslation.objects.filter(scenario_id__in=others, language=language)
    return {row.scenario_id: row for row in rows}


def localize_scenarios(scenarios: Iterable[Scenario]) -> None:
    """Show these (unsaved, display-only) instances in the active language where the
    other playbook was imported: title, description and symptoms."""
    scenarios = list(scenarios)
    found = _wanted(scenarios)
    for scenario in scenarios:
        row = found.get(scenario.pk)
        if row is not None:
            scenario.title, scenario.symptoms = row.title, row.symptoms
            scenario.description = row.description or scenario.description
            scenario.translated_steps = row.steps  # type: ignore[attr-defined]
            scenario.translated_rules = row.rules  # type: ignore[attr-defined]


def localize_steps(scenario: Scenario, steps: Iterable[Any]) -> None:
    """Swap in the translated case and text of display-only steps of a localized scenario."""
    wording: dict[str, dict[str, str]] = getattr(scenario, "translated_steps", {})
    for step in steps:
        found = wording.get(step.key)
        if found:
            step.case, step.text = found.get("case", step.case), found.get("text", step.text)
            step.command = found.get("command") or step.command


def localize_rules(scenario: Scenario, rules: Iterable[Any]) -> None:
    """Swap in the translated text and condition of display-only escalation rules."""
    wording: dict[str, dict[str, str]] = getattr(scenario, "translated_rules", {})
    for rule in rules:
        found = wording.get(str(rule.order))
        if found:
            rule.text = found.get("text") or rule.text
            rule.condition = found.get("condition") or rule.condition
