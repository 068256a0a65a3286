"""The declare form's scenario picker and the hook that attaches the choice.

Wired through settings.INCIDENT_DECLARE_FORM_EXTRAS / INCIDENT_DECLARE_HOOKS, so
the incidents app never imports runbooks.
"""

from typing import Any

from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from incidents.actors import Actor

from .models import Scenario
from .selectors import scenarios_for_picker, suggest_scenarios
from .services import scenario_attach


def picker_context(data: QueryDict) -> dict[str, Any]:
    title = data.get("title", "")
    ranked = suggest_scenarios(
        title + " " + data.get("description", ""), list(scenarios_for_picker())
    )
    best = ranked[0] if ranked and ranked[0].match_score > 0 else None  # type: ignore[attr-defined]
    chosen = data.get("scenario", "")
    auto = data.get("scenario_auto", "")
    # Keep what the person picked by hand; otherwise follow the suggestion.
    if not chosen or chosen == auto:
        chosen = str(best.pk) if best else ""
    # Close runners-up only: at least half as many words in common as the best match.
    floor = max(1, (best.match_score + 1) // 2) if best else 1  # type: ignore[attr-defined]
    suggestions = [s for s in ranked if s.match_score >= floor][:3]  # type: ignore[attr-defined]
    return {
        "scenarios": sorted(ranked, key=lambda s: s.number),
        "suggestions": suggestions,
        "chosen": chosen,
        "auto": str(best.pk) if best else "",
    }


class ScenarioPickerForm(forms.Form):
    """The declare form's scenario picker (settings.INCIDENT_DECLARE_FORM_EXTRAS): shown to
    those who may attach a scenario, once there are scenarios; cleans to a Scenario or None."""

    scenario = forms.CharField(required=False)

    def __init__(self, data: QueryDict | None = None, *, user: Any) -> None:
        self.offered = user.has_perm("runbooks.attach_scenario") and Scenario.objects.exists()
        self.shown_data = data if data is not None else QueryDict()
        super().__init__(data if self.offered else {})

    def clean_scenario(self) -> Scenario | None:
        value = (self.cleaned_data.get("scenario") or "").strip()
        if not self.offered or not value.isdigit():
            return None
        return Scenario.objects.filter(pk=int(value)).first()

    def render(self, *args: Any, **kwargs: Any) -> SafeString:
        if not self.offered:
            return mark_safe("")
        html = render_to_string("runbooks/_declare_picker.html", picker_context(self.shown_data))
        return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there

    __str__ = render


def attach(*, incident: Any, data: dict[str, Any], by: Actor) -> None:
    """Declare hook (settings.INCIDENT_DECLARE_HOOKS): attach the scenario chosen, if any."""
    scenario = data.get("scenario")
    if isinstance(scenario, Scenario):
        scenario_attach(incident=incident, scenario=scenario, by=by)
