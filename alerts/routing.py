"""Which severity, scenario and service an alert gets: the first matching rule, else the
alert's own severity label through the integration's map, else the integration's default."""

from dataclasses import dataclass
from typing import Any

from incidents.models import Severity

from .models import Integration, RoutingRule


@dataclass(frozen=True)
class Route:
    severity: str
    scenario: Any  # runbooks.Scenario | None
    service: str
    rule: RoutingRule | None


def route(
    integration: Integration, rules: list[RoutingRule], labels: dict[str, str], severity_hint: str
) -> Route:
    mapped = (integration.severity_map or {}).get(severity_hint, "")
    severity = mapped if mapped in Severity.values else integration.default_severity
    for rule in rules:
        if rule.matches(labels):
            return Route(
                severity=rule.severity or severity,
                scenario=rule.scenario or integration.default_scenario,
                service=rule.service or integration.default_service,
                rule=rule,
            )
    return Route(severity, integration.default_scenario, integration.default_service, None)
