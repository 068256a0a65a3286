"""Reads for the runbook panel, the declare form and the reference page."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from incidents.models import Deadline, Incident, Role

from .models import (
    SECTION_ORDER,
    ConditionKind,
    EscalationRule,
    HealthCheckRun,
    IncidentRunbook,
    PlaybookImport,
    QuickReferenceItem,
    ReferenceKind,
    RuleAnswer,
    Scenario,
    Section,
    Step,
    StepProgress,
    StepState,
)
from .playbook.text import fold
from .ranking import STOP_WORDS, rank
from .translations import localize_rules, localize_scenarios, localize_steps

_CONTENT_WORD = re.compile(r"[a-z0-9]{3,}")


def content_stems(text: str) -> set[str]:
    """The five-letter stems of a text's content words (no stop words), for matching a
    rule's condition to the checklist step that ends it."""
    return {word[:5] for word in _CONTENT_WORD.findall(fold(text)) if word not in STOP_WORDS}


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
class RuleQuestion:
    """A "while" rule asked on the page ahead of its time: does its condition still hold?"""

    rule: EscalationRule
    deadline: Deadline | None
    answer: RuleAnswer | None
    step_done: bool

    @property
    def asked(self) -> bool:
        """Still to be asked: its clock is pending and its step not done."""
        return bool(self.deadline and self.deadline.is_pending and not self.step_done)

    @property
    def stood_down(self) -> bool:
        return bool(self.answer and not self.answer.holds) or self.step_done


@dataclass
class Checklist:
    runbook: IncidentRunbook
    sections: list[SectionView]
    rules: list[Any]
    questions: list[RuleQuestion] = field(default_factory=list)
    clocks: dict[str, Deadline] = field(default_factory=dict)

    @property
    def asks_about_breach(self) -> bool:
        scenario = self.runbook.scenario
        return scenario.rollback_blocked or any(
            rule.kind == ConditionKind.BREACH_CONFIRMED for rule in self.rules
        )

    @property
    def lgpd_clock(self) -> Deadline | None:
        return self.clocks.get("lgpd_notice")

    @property
    def lower_severity_suggested(self) -> str:
        """The scenario's severity when it is lower than the incident's, else ''."""
        scenario, incident = self.runbook.scenario, self.runbook.incident
        return scenario.severity if scenario.severity > incident.severity else ""

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
            "incident",
            "breach_confirmed_by",
            "anpd_notified_by",
            "verification_waived_by",
            "rollback_confirmed_by",
            "personal_data_answered_by",
        )
        .prefetch_related("scenario__rules__step")
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
    steps = list(
        Step.objects.filter(scenario_id=runbook.scenario_id, retired=False).order_by("order")
    )
    by_section: dict[str, SectionView] = {
        key: SectionView(key=key, label=str(Section(key).label)) for key in SECTION_ORDER
    }
    localize_scenarios([runbook.scenario])  # display only: the viewer's language
    localize_steps(runbook.scenario, steps)
    for step in steps:
        by_section[step.section].steps.append(
            StepView(step, progress.get(step.pk), last_checks.get(step.pk))
        )
    sections = [section for section in by_section.values() if section.steps]
    rules = list(runbook.scenario.rules.all())
    localize_steps(runbook.scenario, [rule.step for rule in rules if rule.step is not None])
    localize_rules(runbook.scenario, rules)
    clocks = {
        d.kind: d
        for d in Deadline.objects.filter(incident_id=incident.pk).filter(
            kind__in=[f"rule:{rule.pk}" for rule in rules] + ["lgpd_notice"]
        )
    }
    answers = {
        a.rule_id: a
        for a in RuleAnswer.objects.filter(incident_id=incident.pk).select_related("by")
    }
    done = {pk for pk, p in progress.items() if p.state == StepState.DONE}
    questions = [
        RuleQuestion(
            rule, clocks.get(f"rule:{rule.pk}"), answers.get(rule.pk), rule.step_id in done
        )
        for rule in rules
        if rule.kind == ConditionKind.WHILE
    ]
    return Checklist(runbook, sections, rules, questions, clocks)


def scenarios_for_picker() -> QuerySet[Scenario]:
    return Scenario.objects.order_by("number").prefetch_related("rules")


def playbook_overview() -> tuple[dict[str, Any], str]:
    """What the last import read around the scenarios (objective, principles, when to use
    it, related documents, the footer with the next review), and the playbook's title."""
    last = PlaybookImport.objects.order_by("-imported_at", "-pk").first()
    if last is None:
        return {}, ""
    return dict(last.extras.get("overview") or {}), last.title


def playbook_review_rules() -> dict[str, Any]:
    """The post-incident review rules of the last imported playbook ({} before any):
    mandatory_severities, conditional [{severity, recurrence: {count, window_minutes}}],
    timeline, template."""
    last = PlaybookImport.objects.order_by("-imported_at", "-pk").first()
    return dict(last.extras.get("post_incident_review") or {}) if last else {}


def quick_reference() -> dict[str, list[QuickReferenceItem]]:
    grouped: dict[str, list[QuickReferenceItem]] = {kind: [] for kind in ReferenceKind.values}
    for item in QuickReferenceItem.objects.order_by("order", "label"):
        grouped[item.kind].append(item)
    return grouped


def authority_notice_initial(incident: Incident) -> dict[str, str]:
    """A first draft of the notice to the ANPD from what the incident records: what
    happened, when it was learned, the steps taken. The commander completes it."""
    runbook = IncidentRunbook.objects.filter(incident_id=incident.pk).first()
    done = (
        StepProgress.objects.filter(incident_id=incident.pk, state=StepState.DONE)
        .select_related("step")
        .order_by("at")
    )
    taken = [
        f"- {p.step.text} ({timezone.localtime(p.at):%d/%m %H:%M})"
        for p in done
        if p.step.section in (Section.IMMEDIATE_ACTION, Section.ROOT_CAUSE)
    ]
    lgpd = Deadline.objects.filter(incident_id=incident.pk, kind="lgpd_notice").first()
    late = lgpd is not None and lgpd.due_at < timezone.now()
    learned = runbook.personal_data_answered_at if runbook else None
    return {
        "nature_of_data": f"{incident.reference}: {incident.title}\n{incident.description}".strip(),
        "data_subjects": "",
        "security_measures": "",
        "risks": "",
        "delay_reasons": (
            _("The notice is sent after the deadline of %(due)s.")
            % {"due": f"{timezone.localtime(lgpd.due_at):%d/%m/%Y %H:%M}"}
            if late and lgpd
            else ""
        ),
        "measures_taken": "\n".join(
            (
                [
                    _("Personal data known to be affected at %(when)s.")
                    % {"when": f"{timezone.localtime(learned):%d/%m/%Y %H:%M}"}
                ]
                if learned
                else []
            )
            + taken
        ),
    }


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
