"""Bounds on what a playbook may say, checked once it is parsed.

Numbers and lengths beyond these would overflow a column or make no sense for an
incident (a rule that waits ten years); they stop the import naming the line.
"""

from __future__ import annotations

from .errors import PlaybookSyntaxError
from .model import ParsedPlaybook

MAX_SCENARIO_NUMBER = 9999
MAX_MINUTES = 366 * 24 * 60  # a year
MAX_COUNT = 10_000
MAX_TITLE = 200
MAX_SHORT = 300  # a case header, a rule's condition
MAX_TEXT = 2_000  # a step's text, a symptom, one detail line
MAX_COMMAND = 20_000


def _number(line: int, what: str, value: int | None, highest: int) -> None:
    if value is not None and not 0 <= value <= highest:
        raise PlaybookSyntaxError(line, f"{what} between 0 and {highest}", str(value))


def _length(line: int, what: str, value: str | None, longest: int) -> None:
    if value and len(value) > longest:
        raise PlaybookSyntaxError(
            line, f"{what} of at most {longest} characters", f"{len(value)} characters"
        )


def check_nul(text: str) -> None:
    index = text.find("\x00")
    if index >= 0:
        raise PlaybookSyntaxError(text.count("\n", 0, index) + 1, "text", "a NUL byte")


def check_limits(playbook: ParsedPlaybook) -> None:
    """Raise PlaybookSyntaxError at the first value out of bounds."""
    for level in playbook.severities:
        _number(level.line, "an acknowledge time in minutes", level.response_minutes, MAX_MINUTES)
        _number(level.line, "an escalation time in minutes", level.escalation_minutes, MAX_MINUTES)
        _length(level.line, "a severity meaning", level.meaning, MAX_TITLE)
    for scenario in playbook.scenarios:
        line = scenario.line
        _number(line, "a scenario number", scenario.number, MAX_SCENARIO_NUMBER)
        _length(line, "a scenario title", scenario.title, MAX_TITLE)
        for symptom in scenario.symptoms:
            _length(line, "a symptom", symptom, MAX_TEXT)
        for step in scenario.steps:
            _length(step.line, "a step", step.text, MAX_TEXT)
            _length(step.line, "a case header", step.case, MAX_SHORT)
            _length(step.line, "a command", step.command, MAX_COMMAND)
            for detail in step.details:
                _length(step.line, "a detail line", detail, MAX_TEXT)
        for rule in scenario.escalation_rules:
            _number(rule.line, "a rule's minutes", rule.after_minutes, MAX_MINUTES)
            _length(rule.line, "a rule's condition", rule.condition, MAX_SHORT)
            _length(rule.line, "an escalation rule", rule.text, MAX_TEXT)
            if rule.recurrence is not None:
                _number(rule.line, "a recurrence count", rule.recurrence.count, MAX_COUNT)
                _number(
                    rule.line, "a recurrence window", rule.recurrence.window_minutes, MAX_MINUTES
                )
