"""Deadline provider: the attached scenario's escalation rules as planned deadlines.

Listed in settings.INCIDENT_DEADLINE_PROVIDERS, so incidents.deadlines (the one
place deadline rules live) asks it whenever an incident's deadlines are
(re)computed: at declare, on a severity change, on attaching a scenario.

- ``after_minutes`` rules: due that long after the incident opened (or was reopened);
- ``immediate`` rules without a condition: due the moment the scenario was attached;
- recurrence rules: due at attach time when more incidents of the same scenario
  opened within the window than the rule allows (this one included);
- conditional immediate rules (a rollback failed, a breach confirmed) are not
  planned: what meets the condition (a rollback step marked failed, "yes" to the
  personal-data question) sets its own deadline.
"""

from collections.abc import Iterator
from datetime import timedelta

from incidents.deadlines import PlannedDeadline, sla_minutes
from incidents.models import Incident, StopsOn

from .models import EscalationRule, IncidentRunbook, RuleTarget


def rule_kind(rule: EscalationRule) -> str:
    return f"rule:{rule.pk}"


def rule_data(rule: EscalationRule) -> dict[str, object]:
    """What the escalation sweep does when it fires: its "escalate" handler pages the target
    role's holder; a backlog rule parks the incident. A "notify" rule (tell legal, a
    regulator) goes to the Incident Commander, who owns external communication."""
    action = "backlog" if rule.target == RuleTarget.BACKLOG else "escalate"
    return {"action": action, "target": rule.target, "label": rule.text, "rule": rule.pk}


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
    opened = incident.clocks_start  # the opening, or the last reopening
    for rule in runbook.scenario.rules.all():
        if rule.after_minutes is not None:
            yield PlannedDeadline(
                rule_kind(rule), opened + sla_minutes(rule.after_minutes), data=rule_data(rule)
            )
        elif rule.is_recurrence:
            count = _recurrences(rule, runbook)
            if rule.recurrence_exceeded(count):
                data = rule_data(rule) | {"occurrences": count}
                yield PlannedDeadline(rule_kind(rule), runbook.attached_at, data=data)
        elif rule.immediate and not rule.condition:
            yield PlannedDeadline(
                rule_kind(rule), runbook.attached_at, stops_on=StopsOn.RESOLVE, data=rule_data(rule)
            )
