from .catalogue import (
    SECTION_ORDER,
    EscalationRule,
    RuleTarget,
    Scenario,
    Section,
    ServiceEndpoint,
    Step,
)
from .progress import HealthCheckRun, IncidentRunbook, StepProgress, StepState
from .reference import PlaybookImport, QuickReferenceItem, ReferenceKind

__all__ = [
    "SECTION_ORDER",
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
