"""The severity table and the roles as the playbook states them (settings.PLAYBOOK_IMPORTERS).

Each importer takes the parsed playbook and returns lines saying what changed; a
playbook without that table changes nothing."""

from decimal import Decimal
from typing import Any

from incidents.models import RoleKey
from incidents.policy_services import role_apply, severity_policy_apply

from .playbook import ParsedPlaybook

LABELS = {
    "acknowledge_minutes": "acknowledge within (min)",
    "engineer_multiplier": "Escalation Engineer at (x SLA)",
    "commander_multiplier": "Incident Commander at (x SLA)",
    "backlog_instead_of_engineer": "backlog instead of escalating",
    "commander_at_open": "Incident Commander at open",
}


def _suffix(language: str) -> str:
    return "en" if language.startswith("en") else "pt_br"


def _describe(subject: str, changed: dict[str, tuple[Any, Any]]) -> list[str]:
    return [
        f"{subject}: {LABELS.get(name, name.replace('_', ' '))} "
        f"{'—' if before in (None, '') else before} → {after}"
        for name, (before, after) in changed.items()
    ]


def _multiple(minutes: int | None, sla: int | None) -> Decimal | None:
    if not minutes or not sla:
        return None
    return (Decimal(minutes) / Decimal(sla)).quantize(Decimal("0.01"))


def _role_rules(playbook: ParsedPlaybook) -> dict[str, Any]:
    """From the roles table: at what multiple of the SLA each role joins, and for which
    severities the commander joins at once."""
    found: dict[str, Any] = {}
    for role in playbook.roles:
        if role.key == RoleKey.ESCALATION_ENGINEER and role.sla_multiplier:
            found["engineer"] = Decimal(role.sla_multiplier)
        if role.key == RoleKey.INCIDENT_COMMANDER:
            if role.sla_multiplier:
                found["commander"] = Decimal(role.sla_multiplier)
            found["commander_at_open"] = set(role.always_for)
    return found


def import_severity_table(playbook: ParsedPlaybook) -> list[str]:
    """Meanings, acknowledge times and escalation times of the severity table."""
    lines: list[str] = []
    roles = _role_rules(playbook)
    meaning_field = f"meaning_{_suffix(playbook.language)}"
    for level in playbook.severities:
        fields: dict[str, Any] = {}
        if level.meaning:
            fields[meaning_field] = level.meaning[:200]
        if level.response_minutes:
            fields["acknowledge_minutes"] = level.response_minutes
        multiple = _multiple(level.escalation_minutes, level.response_minutes)
        if level.escalation_target == "backlog" and multiple:
            fields.update(engineer_multiplier=multiple, backlog_instead_of_engineer=True)
        elif level.escalation_target == "escalation_engineer" and multiple:
            fields.update(engineer_multiplier=multiple, backlog_instead_of_engineer=False)
        elif level.escalation_target == "incident_commander" and multiple:
            fields["commander_multiplier"] = multiple
        elif roles.get("engineer"):
            fields["engineer_multiplier"] = roles["engineer"]
        keeps_commander = not fields.get("backlog_instead_of_engineer")
        if "commander_multiplier" not in fields and roles.get("commander") and keeps_commander:
            fields["commander_multiplier"] = roles["commander"]
        if "commander_at_open" in roles:
            fields["commander_at_open"] = level.code in roles["commander_at_open"]
        lines += _describe(level.code, severity_policy_apply(severity=level.code, fields=fields))
    return lines


def import_roles(playbook: ParsedPlaybook) -> list[str]:
    """Each role's duties (and when it acts) in the playbook's language."""
    lines: list[str] = []
    suffix = _suffix(playbook.language)
    for role in playbook.roles:
        if not role.name:
            continue
        duty = role.responsibility
        if role.acts_when:
            duty = f"{duty} ({role.acts_when})" if duty else role.acts_when
        if role.key not in RoleKey.values:
            continue  # a role the tool has no clocks or pages for: nothing to set
        fields = {f"responsibility_{suffix}": duty}
        lines += _describe(f"role {role.name}", role_apply(key=role.key, fields=fields))
    return lines
