"""The declare form's scenario picker and the hook that attaches the choice.

Wired through settings.INCIDENT_DECLARE_FORM_EXTRAS / INCIDENT_DECLARE_HOOKS, so
the incidents app never imports runbooks.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from incidents.actors import Actor

from .models import Scenario
from .selectors import scenarios_for_picker, suggest_scenarios
from .services import scenario_attach
from .translations import localize_scenarios

OTHER = "other"
SUGGESTED = 3  # the declare form offers the three best matches, with their symptoms


def _chosen(data: Mapping[str, Any]) -> str:
    """The scenario the person picked (a pk as text), or "" for none: nothing is chosen
    for them, a suggestion is attached only when they pick it."""
    value = data.get("scenario", "")
    if value == OTHER:
        value = data.get("scenario_other", "")
    return value if value.isdigit() else ""


def picker_context(data: QueryDict) -> dict[str, Any]:
    scenarios = list(scenarios_for_picker())
    ranked = suggest_scenarios(data.get("title", "") + " " + data.get("description", ""), scenarios)
    suggestions = [s for s in ranked if s.match_score > 0][:SUGGESTED]  # type: ignore[attr-defined]
    chosen = _chosen(data)
    suggested_pks = {str(s.pk) for s in suggestions}
    localize_scenarios(scenarios)  # ranked on the stored text, shown in the viewer's language
    return {
        "scenarios": scenarios,
        "suggestions": suggestions,
        "chosen": chosen,
        # A pick outside the suggestions (or the title changed since) stays picked below.
        "chosen_other": chosen if chosen and chosen not in suggested_pks else "",
    }


class ScenarioPickerForm(forms.Form):
    """The declare form's scenario picker (settings.INCIDENT_DECLARE_FORM_EXTRAS): shown to
    those who may attach a scenario, once there are scenarios; cleans to a Scenario or None."""

    scenario = forms.CharField(required=False)
    scenario_other = forms.CharField(required=False)

    def __init__(self, data: QueryDict | None = None, *, user: Any) -> None:
        self.offered = user.has_perm("runbooks.attach_scenario") and Scenario.objects.exists()
        self.shown_data = data if data is not None else QueryDict()
        super().__init__(data if self.offered else {})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = _chosen(self.data) if self.offered else ""
        cleaned["scenario"] = Scenario.objects.filter(pk=int(value)).first() if value else None
        cleaned.pop("scenario_other", None)
        return cleaned

    def render(self, *args: Any, **kwargs: Any) -> SafeString:
        if not self.offered:
            return mark_safe("")
        html = render_to_string("runbooks/_declare_picker.html", picker_context(self.shown_data))
        return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there

    __str__ = render


def attach(*, incident: Any, data: dict[str, Any], by: Actor) -> None:
    """Declare hook (settings.INCIDENT_DECLARE_HOOKS): attach the scenario chosen, if any."""
    scenario = data.get("scenario")
    if isinstance(scenario, int):  # a two-step declaration keeps the choice as its id
        scenario = Scenario.objects.filter(pk=scenario).first()
    if isinstance(scenario, Scenario):
        scenario_attach(incident=incident, scenario=scenario, by=by)
