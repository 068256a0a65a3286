"""Deadline provider: the attached scenario's escalation rules as planned deadlines.

Listed in settings.INCIDENT_DEADLINE_PROVIDERS, so incidents.deadlines (the one
place deadline rules live) asks it whenever an incident's deadlines are
(re)computed: at declare, on a severity change, on attaching a scenario.

- ``after_minutes`` rules: due that long after the incident opened (or was reopened);
- ``while`` rules: the same, fired by runbooks.handlers.while_rules_due only while the
  condition holds (nobody answered "no", the step tied to it is not done);
- ``immediate`` rules: due the moment the scenario was attached;
- recurrence rules: due at attach time when more incidents of the same scenario
  opened within the window than the rule allows (this one included);
- rollback-failed and breach-confirmed rules are not planned: what meets the
  condition (a rollback step marked failed, "breach confirmed") sets their deadline.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta

from incidents.deadlines import PlannedDeadline, sla_minutes
from incidents.models import Incident, StopsOn

from .models import ConditionKind, EscalationRule, IncidentRunbook, RuleTarget

WHILE_ACTION = "while_rule"


def rule_kind(rule: EscalationRule) -> str:
    return f"rule:{rule.pk}"


def rule_data(rule: EscalationRule) -> dict[str, object]:
    """What the sweep does when it fires: the "escalate" handler pages the target role
    (and the rule's other roles, "also"); a backlog rule parks the incident; a "while"
    rule first checks its condition still holds (runbooks.handlers.while_rules_due)."""
    action = "backlog" if rule.target == RuleTarget.BACKLOG else "escalate"
    data: dict[str, object] = {
        "action": action,
        "target": rule.target,
        "label": rule.text,
        "rule": rule.pk,
        "also": list(rule.also_roles),
    }
    if rule.kind == ConditionKind.WHILE and action == "escalate":
        data.update(action=WHILE_ACTION, condition=rule.condition, step=rule.step_id)
    return data


def rule_due_at(rule: EscalationRule, incident: Incident) -> datetime:
    return incident.clocks_start + sla_minutes(rule.after_minutes or 0)  # opened or reopened


def _recurrences(rule: EscalationRule, runbook: IncidentRunbook) -> int:
    since = runbook.incident.opened_at - timedelta(minutes=rule.recurrence_window_minutes or 0)
    return IncidentRunbook.objects.filter(
        scenario_id=runbook.scenario_id,
        incident__opened_at__gte=since,
        incident__opened_at__lte=runbook.incident.opened_at,
    ).count()


def scenario_deadlines(incident: Incident) -> Iterator[PlannedDeadline]:
    runbook = (
        IncidentRunbook.objects.select_related("incident")
        .prefetch_related("scenario__rules")
        .filter(incident_id=incident.pk)
        .first()
    )
    if runbook is None:
        return
    for rule in runbook.scenario.rules.all():
        if rule.kind in (ConditionKind.AFTER_MINUTES, ConditionKind.WHILE):
            yield PlannedDeadline(
                rule_kind(rule), rule_due_at(rule, incident), data=rule_data(rule)
            )
        elif rule.kind == ConditionKind.RECURRENCE:
            count = _recurrences(rule, runbook)
            if rule.recurrence_exceeded(count):
                data = rule_data(rule) | {"occurrences": count}
                yield PlannedDeadline(rule_kind(rule), runbook.attached_at, data=data)
        elif rule.kind == ConditionKind.IMMEDIATE:
            yield PlannedDeadline(
                rule_kind(rule), runbook.attached_at, stops_on=StopsOn.RESOLVE, data=rule_data(rule)
            )
