"""Pure-Python parser for Markdown incident playbooks (no Django, no database).

    playbook = load_playbook_file(path)      # bytes -> UTF-8 -> mojibake repair -> parse
    playbook = parse_playbook_text(text)     # repair + parse a str
    playbook = parse_playbook(text)          # parse only
    data = playbook.to_json_dict()

``data["scenarios"][i]`` holds number, title, severity (P0-P3), symptoms, steps (section,
text, command, case, details, optional check/code) and escalation_rules (exactly one of
after_minutes / recurrence / immediate, plus condition, target, text). Bad shape raises
PlaybookSyntaxError(line_number, expected, found).
"""

from .encoding import repair_mojibake
from .errors import PlaybookSyntaxError
from .model import (
    CodeSnippet,
    Contact,
    EscalationRule,
    HealthCheck,
    ParsedPlaybook,
    Recurrence,
    Role,
    Scenario,
    SeverityLevel,
    Step,
)
from .parser import load_playbook_file, parse_playbook, parse_playbook_text

__all__ = [
    "CodeSnippet",
    "Contact",
    "EscalationRule",
    "HealthCheck",
    "ParsedPlaybook",
    "PlaybookSyntaxError",
    "Recurrence",
    "Role",
    "Scenario",
    "SeverityLevel",
    "Step",
    "load_playbook_file",
    "parse_playbook",
    "parse_playbook_text",
    "repair_mojibake",
]
