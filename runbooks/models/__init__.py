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
from .translation import ScenarioTranslation

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
    "ScenarioTranslation",
    "Section",
    "ServiceEndpoint",
    "Step",
    "StepProgress",
    "StepState",
]
