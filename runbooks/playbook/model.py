"""What a parsed playbook is made of. Plain dataclasses, no Django."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("P0", "P1", "P2", "P3")
SECTIONS = (
    "diagnosis",
    "immediate_action",
    "root_cause",
    "verification",
    "rollback",
    "post_incident",
)
TARGETS = (
    "escalation_engineer",
    "incident_commander",
    "security_specialist",
    "legal",
    "backlog",
)
# What makes a rule fire, as a type (never free text read at fire time):
CONDITION_KINDS = (
    "after_minutes",  # N minutes after the incident opened
    "immediate",  # as soon as the scenario is attached
    "recurrence",  # the scenario recurred more than N times in a window
    "rollback_failed",  # a rollback step is marked failed
    "breach_confirmed",  # a responder answers that the breach (or stated fact) is confirmed
    "while",  # at N minutes, unless a responder answered that the stated condition is over
)


@dataclass
class HealthCheck:
    """An HTTP probe; the path only, the base URL comes from the service catalogue."""

    method: str
    path: str
    expect_status: int = 200
    expect_json: dict[str, Any] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CodeSnippet:
    """A fenced block that is not a shell command (TypeScript, SQL...)."""

    language: str
    text: str


@dataclass
class Step:
    section: str
    text: str
    command: str | None = None
    case: str | None = None
    details: list[str] = field(default_factory=list)
    check: HealthCheck | None = None
    code: CodeSnippet | None = None
    line: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "section": self.section,
            "text": self.text,
            "command": self.command,
            "case": self.case,
            "details": list(self.details),
            "line": self.line,
        }
        if self.check is not None:
            data["check"] = self.check.to_json_dict()
        if self.code is not None:
            data["code"] = asdict(self.code)
        return data


@dataclass
class Recurrence:
    """Occurrences within a window; ``operator`` is ">" (more than) or ">=" (at least)."""

    count: int
    window_minutes: int
    operator: str = ">"


@dataclass
class EscalationRule:
    """When to call whom. Exactly one trigger: after_minutes, recurrence or immediate."""

    target: str
    text: str
    after_minutes: int | None = None
    recurrence: Recurrence | None = None
    immediate: bool = False
    condition: str | None = None
    action: str = "escalate"  # or "notify": tell outside parties (legal, regulator)
    also: list[str] = field(default_factory=list)
    also_roles: list[str] = field(default_factory=list)  # other roles paged with the target
    note: str | None = None
    kind: str = "immediate"  # one of CONDITION_KINDS
    line: int = 0

    def typed_condition(self) -> dict[str, Any]:
        """The rule's trigger as data: {"kind": ..., plus what that kind needs}."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind in ("after_minutes", "while"):
            data["minutes"] = self.after_minutes
        if self.kind == "recurrence" and self.recurrence is not None:
            data.update(asdict(self.recurrence))
        if self.kind not in ("after_minutes", "immediate"):
            data["text"] = self.condition
        return data

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.after_minutes is not None:
            data["after_minutes"] = self.after_minutes
        elif self.recurrence is not None:
            data["recurrence"] = asdict(self.recurrence)
        else:
            data["immediate"] = True
        data.update(
            condition=self.typed_condition(),
            condition_text=self.condition,
            target=self.target,
            also_roles=list(self.also_roles),
            text=self.text,
            action=self.action,
            also=list(self.also),
            note=self.note,
            line=self.line,
        )
        return data


@dataclass
class Scenario:
    number: int
    title: str
    severity: str
    severity_label: str | None = None
    description: str | None = None
    symptoms: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    escalation_rules: list[EscalationRule] = field(default_factory=list)
    rollback_blocked: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    unparsed: list[tuple[int, str]] = field(default_factory=list)  # (line, text) not understood
    line: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "severity": self.severity,
            "severity_label": self.severity_label,
            "description": self.description,
            "symptoms": list(self.symptoms),
            "steps": [step.to_json_dict() for step in self.steps],
            "escalation_rules": [rule.to_json_dict() for rule in self.escalation_rules],
            "rollback_blocked": self.rollback_blocked,
            "notes": dict(self.notes),
            "line": self.line,
        }


@dataclass
class SeverityLevel:
    code: str
    label: str | None
    meaning: str
    response_minutes: int | None
    escalation_minutes: int | None
    escalation_target: str | None
    line: int = 0


@dataclass
class Role:
    key: str
    name: str
    responsibility: str
    acts_when: str
    sla_multiplier: int | None = None
    always_for: list[str] = field(default_factory=list)


@dataclass
class Contact:
    role: str
    role_key: str
    fields: dict[str, str]
    placeholder: bool = False


@dataclass
class ParsedPlaybook:
    title: str | None
    scenarios: list[Scenario]
    metadata: dict[str, str] = field(default_factory=dict)
    severities: list[SeverityLevel] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    notification_channels: list[dict[str, str]] = field(default_factory=list)
    communication: dict[str, Any] = field(default_factory=dict)
    post_incident_review: dict[str, Any] = field(default_factory=dict)
    quick_reference: dict[str, Any] = field(default_factory=dict)
    overview: dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    repaired_encoding: str | None = None

    @property
    def unparsed(self) -> list[tuple[int, str]]:
        """Lines inside scenarios that the parser did not understand, by line number."""
        return sorted(item for scenario in self.scenarios for item in scenario.unparsed)

    def scenario(self, number: int) -> Scenario:
        for scenario in self.scenarios:
            if scenario.number == number:
                return scenario
        raise KeyError(number)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "repaired_encoding": self.repaired_encoding,
            "title": self.title,
            "metadata": dict(self.metadata),
            "severities": [asdict(level) for level in self.severities],
            "roles": [asdict(role) for role in self.roles],
            "contacts": [asdict(contact) for contact in self.contacts],
            "notification_channels": [dict(item) for item in self.notification_channels],
            "scenarios": [scenario.to_json_dict() for scenario in self.scenarios],
            "communication": self.communication,
            "post_incident_review": self.post_incident_review,
            "quick_reference": self.quick_reference,
            "overview": self.overview,
            "language": self.language,
            "unparsed": [{"line": line, "text": text} for line, text in self.unparsed],
        }
