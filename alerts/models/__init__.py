from .intake import Alert, AlertGroup, AlertStatus
from .integration import (
    GroupBy,
    Integration,
    IntegrationKind,
    MatchOperator,
    RoutingRule,
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
]
