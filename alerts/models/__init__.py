from .intake import Alert, AlertGroup, AlertStatus
from .integration import (
    GroupBy,
    Integration,
    IntegrationKind,
    MatchOperator,
    RoutingRule,
    integration_changed,
)

__all__ = [
    "Alert",
    "AlertGroup",
    "AlertStatus",
    "GroupBy",
    "Integration",
    "IntegrationKind",
    "MatchOperator",
    "RoutingRule",
    "integration_changed",
]
