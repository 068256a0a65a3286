"""Write a parsed playbook into the database: the one way runbooks get in.

Idempotent: scenarios are matched by number, steps by a stable key built from
their section, case and text (so checklist progress on live incidents survives a
re-import), rules by their position. Everything happens in one transaction.

Nothing is removed unless asked: a step or rule the playbook no longer has, or a
scenario it leaves out, goes only with ``prune=True``; without it the import is
refused (ImportRefused, listing what would go) and nothing is written. A dry run
does the whole import and rolls it back, so it reports exactly what would change.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import (
    EscalationRule,
    IncidentRunbook,
    PlaybookImport,
    QuickReferenceItem,
    ReferenceKind,
    Scenario,
    ServiceEndpoint,
    Step,
)
from .playbook import ParsedPlaybook
from .playbook import Scenario as ParsedScenario
from .playbook import Step as ParsedStep
from .playbook.text import fold, slug
from .selectors import content_stems
from .translations import is_translation, language_key, save_translation

_CASE_HEADER = re.compile(r"^(?:caso|case|opcao|option|alternativa|alternative)\s*\d*\b")
_URL = re.compile(r"https?://[^\s\"'`<>]+")
_REFERENCE_KINDS = {
    "emergency_commands": ReferenceKind.COMMAND,
    "dashboards": ReferenceKind.DASHBOARD,
    "status_pages": ReferenceKind.STATUS_PAGE,
    "contacts": ReferenceKind.CONTACT,
}


@dataclass
class ImportReport:
    repaired_encoding: str | None = None
    scenarios_created: int = 0
    scenarios_updated: int = 0
    scenarios_unchanged: int = 0
    steps_created: int = 0
    steps_updated: int = 0
    steps_removed: int = 0
    steps_retired: int = 0
    rules: int = 0
    services_created: list[str] = field(default_factory=list)
    reference_items_created: int = 0
    translations: int = 0  # scenarios stored as the second language's wording
    removals: list[str] = field(default_factory=list)  # what goes (or would, without prune)
    kept_scenarios: list[str] = field(default_factory=list)  # left out of the file, kept
    changes: list[str] = field(default_factory=list)  # severity table, roles, templates...

    @property
    def scenarios(self) -> int:
        return self.scenarios_created + self.scenarios_updated + self.scenarios_unchanged


def step_key(step: ParsedStep) -> str:
    return "|".join((step.section, slug(step.case or "")[:60], slug(step.text)[:120]))


def _default_service() -> str:
    return getattr(settings, "RUNBOOK_DEFAULT_CHECK_SERVICE", "backend")


def _check_service(step: ParsedStep, report: ImportReport) -> str:
    """The catalogue name for a check: the first label of the host the playbook used."""
    check_path = (step.check.path if step.check else "/").split("?")[0]
    for url in _URL.findall(step.command or ""):
        parts = urlsplit(url)
        if parts.hostname and (parts.path or "/").startswith(check_path):
            name = slug(parts.hostname.split(".")[0]).replace("_", "-")[:60] or _default_service()
            base = f"{parts.scheme}://{parts.netloc}"
            _, created = ServiceEndpoint.objects.get_or_create(
                name=name, defaults={"base_url": base, "description": parts.hostname}
            )
            if created:
                report.services_created.append(name)
            return name
    return _default_service()


def _step_fields(step: ParsedStep, order: int, report: ImportReport) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "section": step.section,
        "order": order,
        "case": (step.case or "")[:300],
        "text": step.text,
        "details": list(step.details),
        "command": step.command or "",
        "retired": False,
        "check_service": "",
        "check_path": "",
        "check_expect_status": None,
        "check_expect_json": None,
    }
    if step.check is not None and step.check.method.upper() == "GET":
        fields.update(
            check_service=_check_service(step, report),
            check_path=step.check.path,
            check_expect_status=step.check.expect_status,
            check_expect_json=step.check.expect_json,
        )
    return fields


class ImportRefused(Exception):
    """The import would remove something and prune was not given; nothing was written."""

    def __init__(self, removals: list[str]) -> None:
        self.removals = removals
        super().__init__("; ".join(removals))


def _import_steps(scenario: Scenario, parsed: ParsedScenario, report: ImportReport) -> None:
    existing = {step.key: step for step in scenario.steps.all()}
    seen: Counter[str] = Counter()
    kept: set[str] = set()
    for order, parsed_step in enumerate(parsed.steps):
        base = step_key(parsed_step)
        seen[base] += 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        kept.add(key)
        fields = _step_fields(parsed_step, order, report)
        row = existing.get(key)
        if row is None:
            Step.objects.create(scenario=scenario, key=key, **fields)
            report.steps_created += 1
        elif any(getattr(row, name) != value for name, value in fields.items()):
            Step.objects.filter(pk=row.pk).update(**fields)
            report.steps_updated += 1
    for key, row in existing.items():
        if key in kept or row.retired:
            continue
        report.removals.append(
            f"scenario {scenario.number}: step “{row.text[:80]}” ({row.get_section_display()})"
        )
        if row.progress.exists() or row.check_runs.exists():
            if not row.retired:
                Step.objects.filter(pk=row.pk).update(retired=True)
                report.steps_retired += 1
        else:
            row.delete()
            report.steps_removed += 1


def tied_step(scenario: Scenario, condition: str) -> Step | None:
    """The checklist step whose text states the condition's end ("Identificar leak" for
    "leak não identificado"): every content word of the condition, at least two, in its
    text, root-cause steps first. A case header ("Caso 3: OpenAI Downtime") ends nothing."""
    wanted = content_stems(condition)
    if len(wanted) < 2:
        return None
    order = {"root_cause": 0, "immediate_action": 1, "verification": 2, "diagnosis": 3}
    steps = sorted(
        scenario.steps.filter(retired=False).exclude(section="rollback"),
        key=lambda step: (order.get(step.section, 9), step.order),
    )
    for step in steps:
        if not _CASE_HEADER.match(fold(step.text)) and wanted <= content_stems(step.text):
            return step
    return None


def _import_rules(scenario: Scenario, parsed: ParsedScenario, report: ImportReport) -> None:
    for order, rule in enumerate(parsed.escalation_rules):
        recurrence = rule.recurrence
        step = tied_step(scenario, rule.condition or "") if rule.kind == "while" else None
        EscalationRule.objects.update_or_create(
            scenario=scenario,
            order=order,
            defaults={
                "after_minutes": rule.after_minutes,
                "immediate": rule.immediate,
                "recurrence_count": recurrence.count if recurrence else None,
                "recurrence_window_minutes": recurrence.window_minutes if recurrence else None,
                "recurrence_operator": recurrence.operator if recurrence else "",
                "condition": (rule.condition or "")[:300],
                "kind": rule.kind,
                "target": rule.target,
                "action": rule.action,
                "also": list(rule.also),
                "also_roles": list(rule.also_roles),
                "step": step,
                "text": rule.text,
            },
        )
        report.rules += 1
    gone = scenario.rules.filter(order__gte=len(parsed.escalation_rules))
    report.removals += [f"scenario {scenario.number}: rule “{rule.text[:80]}”" for rule in gone]
    gone.delete()


def _absent_scenarios(playbook: ParsedPlaybook, report: ImportReport, prune: bool) -> None:
    """Scenarios the file leaves out: kept, unless pruning (and no incident used them)."""
    numbers = [parsed.number for parsed in playbook.scenarios]
    for scenario in Scenario.objects.exclude(number__in=numbers):
        if not prune:
            report.kept_scenarios.append(str(scenario))
            continue
        if IncidentRunbook.objects.filter(scenario=scenario).exists():
            report.kept_scenarios.append(f"{scenario} (used by incidents)")
        else:
            report.removals.append(f"scenario {scenario}")
            scenario.delete()


def _import_reference(playbook: ParsedPlaybook, report: ImportReport) -> None:
    """Seed the quick reference; never overwrite what someone edited in the admin."""
    for key, kind in _REFERENCE_KINDS.items():
        for order, entry in enumerate(playbook.quick_reference.get(key, [])):
            if kind == ReferenceKind.COMMAND:
                label, value, url = entry.get("title") or entry["command"], entry["command"], ""
            else:
                label = entry.get("label") or entry.get("value", "")
                value, url = entry.get("value", ""), entry.get("url") or ""
            if not label:
                continue
            value = value.strip().strip("`") if kind != ReferenceKind.COMMAND else value
            _, created = QuickReferenceItem.objects.get_or_create(
                kind=kind,
                label=label[:200],
                defaults={"value": value, "url": url[:500], "order": order},
            )
            report.reference_items_created += created


def _other_parts(playbook: ParsedPlaybook, report: ImportReport) -> None:
    """What the playbook states outside the scenarios (severity table, roles, templates):
    each part its owner applies, listed in settings.PLAYBOOK_IMPORTERS as callables
    (playbook) -> [lines saying what changed]; a part the file omits is left as it is."""
    for path in getattr(settings, "PLAYBOOK_IMPORTERS", []):
        report.changes += import_string(path)(playbook)


def import_playbook(
    playbook: ParsedPlaybook, *, source: str, prune: bool = False, dry_run: bool = False
) -> ImportReport:
    """Apply the playbook; raise ImportRefused when something would go without prune.
    With dry_run everything is done and rolled back: the report says what would change."""
    report = ImportReport(repaired_encoding=playbook.repaired_encoding)
    with transaction.atomic():
        _apply(playbook, source=source, prune=prune, report=report)
        if report.removals and not prune and not dry_run:
            raise ImportRefused(report.removals)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply(playbook: ParsedPlaybook, *, source: str, prune: bool, report: ImportReport) -> None:
    now = timezone.now()
    language = language_key(playbook.language)
    for parsed in playbook.scenarios:
        existing = Scenario.objects.filter(number=parsed.number).first()
        if existing is not None and is_translation(existing, language):
            report.translations += 1
            if save_translation(existing, parsed, language):
                report.changes.append(f"scenario {existing.number}: {language} wording")
            continue
        fields = {
            "title": parsed.title[:200],
            "severity": parsed.severity,
            "description": parsed.description or "",
            "symptoms": list(parsed.symptoms),
            "rollback_blocked": parsed.rollback_blocked,
            "source_file": source[:300],
            "source_line": parsed.line,
            "language": language,
        }
        scenario = existing
        if scenario is None:
            scenario = Scenario.objects.create(number=parsed.number, imported_at=now, **fields)
            report.scenarios_created += 1
        else:
            if any(getattr(scenario, name) != value for name, value in fields.items()):
                report.scenarios_updated += 1
            else:
                report.scenarios_unchanged += 1
            Scenario.objects.filter(pk=scenario.pk).update(imported_at=now, **fields)
        _import_steps(scenario, parsed, report)
        _import_rules(scenario, parsed, report)
    _absent_scenarios(playbook, report, prune)
    if report.translations < len(playbook.scenarios):  # the quick reference is the primary's
        _import_reference(playbook, report)
    _other_parts(playbook, report)
    data = playbook.to_json_dict()
    PlaybookImport.objects.create(
        source_file=source[:300],
        title=(playbook.title or "")[:300],
        repaired_encoding=playbook.repaired_encoding or "",
        scenario_count=len(playbook.scenarios),
        extras={
            key: data[key]
            for key in (
                "metadata",
                "severities",
                "roles",
                "contacts",
                "communication",
                "overview",
                "language",
            )
            if key in data
        }
        | {"post_incident_review": data.get("post_incident_review", {})}
        | {"changes": report.changes},
        imported_at=now,
    )
