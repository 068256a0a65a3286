from .catalogue import (
    SECTION_ORDER,
    ConditionKind,
    EscalationRule,
    RuleTarget,
    Scenario,
    Section,
    ServiceEndpoint,
    Step,
)
from .progress import HealthCheckRun, IncidentRunbook, RuleAnswer, StepProgress, StepState
from .reference import PlaybookImport, QuickReferenceItem, ReferenceKind
from .security import AuthorityNotice

__all__ = [
    "SECTION_ORDER",
    "AuthorityNotice",
    "ConditionKind",
    "RuleAnswer",
    "EscalationRule",
    "HealthCheckRun",
    "IncidentRunbook",
    "PlaybookImport",
    "QuickReferenceItem",
    "ReferenceKind",
    "RuleTarget",
    "Scenario",
    "Section",
    "ServiceEndpoint",
    "Step",
    "StepProgress",
    "StepState",
]
