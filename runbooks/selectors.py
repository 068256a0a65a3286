"""Reads for the runbook panel, the declare form and the reference page."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from incidents.models import Incident, Role

from .models import (
    SECTION_ORDER,
    HealthCheckRun,
    IncidentRunbook,
    QuickReferenceItem,
    ReferenceKind,
    Scenario,
    Section,
    Step,
    StepProgress,
    StepState,
)
from .ranking import rank


def suggest_scenarios(text: str, scenarios: list[Scenario] | None = None) -> list[Scenario]:
    """All scenarios, best match for ``text`` first (see runbooks.ranking)."""
    return rank(text, scenarios if scenarios is not None else scenarios_for_picker())


def verification_left(runbook: IncidentRunbook) -> list[Step]:
    done = StepProgress.objects.filter(
        incident_id=runbook.incident_id, state=StepState.DONE
    ).values("step_id")
    return list(
        Step.objects.filter(
            scenario_id=runbook.scenario_id, section=Section.VERIFICATION, retired=False
        )
        .exclude(pk__in=done)
        .order_by("order")
    )


@dataclass
class StepView:
    step: Step
    progress: StepProgress | None
    last_check: HealthCheckRun | None

    @property
    def state(self) -> str:
        return self.progress.state if self.progress else ""


@dataclass
class SectionView:
    key: str
    label: str
    steps: list[StepView] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def settled(self) -> int:
        return sum(1 for item in self.steps if item.state in (StepState.DONE, StepState.SKIPPED))

    @property
    def percent(self) -> int:
        return int(100 * self.settled / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        if self.key == Section.VERIFICATION:
            return all(item.state == StepState.DONE for item in self.steps)
        return self.settled == self.total


@dataclass
class Checklist:
    runbook: IncidentRunbook
    sections: list[SectionView]
    rules: list[Any]

    @property
    def verification(self) -> SectionView | None:
        return next((s for s in self.sections if s.key == Section.VERIFICATION), None)

    @property
    def current(self) -> str:
        """The section to work on now: the first one not complete (else the last)."""
        for section in self.sections:
            if not section.complete:
                return section.key
        return self.sections[-1].key if self.sections else ""

    @property
    def settled(self) -> int:
        return sum(section.settled for section in self.sections)

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)

    @property
    def verification_open(self) -> bool:
        section = self.verification
        return bool(section and not section.complete and not self.runbook.verification_waived_at)


def checklist_for(incident: Incident) -> Checklist | None:
    """The incident's checklist, grouped by section; five queries whatever its size."""
    runbook = (
        IncidentRunbook.objects.select_related(
            "scenario",
            "verification_waived_by",
            "rollback_confirmed_by",
            "personal_data_answered_by",
        )
        .prefetch_related("scenario__rules")
        .filter(incident_id=incident.pk)
        .first()
    )
    if runbook is None:
        return None
    progress = {
        p.step_id: p
        for p in StepProgress.objects.filter(incident_id=incident.pk).select_related("by")
    }
    last_checks: dict[int, HealthCheckRun] = {}
    for run in HealthCheckRun.objects.filter(incident_id=incident.pk).order_by("-at", "-pk"):
        last_checks.setdefault(run.step_id, run)
    steps = Step.objects.filter(scenario_id=runbook.scenario_id, retired=False).order_by("order")
    by_section: dict[str, SectionView] = {
        key: SectionView(key=key, label=str(Section(key).label)) for key in SECTION_ORDER
    }
    for step in steps:
        by_section[step.section].steps.append(
            StepView(step, progress.get(step.pk), last_checks.get(step.pk))
        )
    sections = [section for section in by_section.values() if section.steps]
    return Checklist(runbook=runbook, sections=sections, rules=list(runbook.scenario.rules.all()))


def scenarios_for_picker() -> QuerySet[Scenario]:
    return Scenario.objects.order_by("number").prefetch_related("rules")


def quick_reference() -> dict[str, list[QuickReferenceItem]]:
    grouped: dict[str, list[QuickReferenceItem]] = {kind: [] for kind in ReferenceKind.values}
    for item in QuickReferenceItem.objects.order_by("order", "label"):
        grouped[item.kind].append(item)
    return grouped


def checklist_progress(incident_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{incident id: (settled steps, steps)} of the attached checklists, in three queries."""
    scenario_of = dict(
        IncidentRunbook.objects.filter(incident_id__in=incident_ids).values_list(
            "incident_id", "scenario_id"
        )
    )
    totals = dict(
        Step.objects.filter(scenario_id__in=set(scenario_of.values()), retired=False)
        .values("scenario_id")
        .annotate(n=Count("id"))
        .values_list("scenario_id", "n")
    )
    settled = {
        (incident_id, scenario_id): n
        for incident_id, scenario_id, n in StepProgress.objects.filter(
            incident_id__in=list(scenario_of),
            state__in=[StepState.DONE, StepState.SKIPPED],
            step__retired=False,
        )
        .values("incident_id", "step__scenario_id")
        .annotate(n=Count("id"))
        .values_list("incident_id", "step__scenario_id", "n")
    }
    return {
        pk: (settled.get((pk, scenario), 0), totals.get(scenario, 0))
        for pk, scenario in scenario_of.items()
    }


_PLACEHOLDER = re.compile(r"^\s*\[[^\]]*\]\s*$")  # the playbook's "[preencher]" / "[fill in]"


def reference_contacts(items: list[QuickReferenceItem]) -> list[QuickReferenceItem]:
    """The playbook's contacts that carry a value: placeholders give way to the roster."""
    return [item for item in items if not _PLACEHOLDER.match(item.value or "")]


def on_call_contacts(at: Any = None) -> list[tuple[Role, Any]]:
    """Each role with whoever is on call for it now (settings.ONCALL_LOOKUP, the one
    lookup, without importing the app that answers), profile loaded."""
    lookup = import_string(
        getattr(settings, "ONCALL_LOOKUP", "escalation.selectors.roster_on_call_user")
    )
    when = at or timezone.now()
    return [(role, lookup(role.key, when)) for role in Role.objects.order_by("order")]
