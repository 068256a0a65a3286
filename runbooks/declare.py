"""The declare form's scenario picker and the hook that attaches the choice.

Wired through settings.INCIDENT_DECLARE_FORM_EXTRAS / INCIDENT_DECLARE_HOOKS, so
the incidents app never imports runbooks.
"""

from typing import Any

from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .models import Scenario
from .selectors import scenarios_for_picker, suggest_scenarios


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


def scenario_picker(request: HttpRequest) -> SafeString:
    if not request.user.has_perm("runbooks.attach_scenario") or not Scenario.objects.exists():
        return mark_safe("")
    data = request.POST if request.method == "POST" else request.GET
    html = render_to_string("runbooks/_declare_picker.html", picker_context(data), request)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def attach(incident: Any, data: QueryDict, user: Any) -> None:
    from .services import scenario_attach

    value = (data.get("scenario") or "").strip()
    if not value.isdigit() or not user.has_perm("runbooks.attach_scenario"):
        return
    scenario = Scenario.objects.filter(pk=int(value)).first()
    if scenario is not None:
        scenario_attach(incident=incident, scenario=scenario, by=user)
