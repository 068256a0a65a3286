"""The one error the playbook parser raises for input it cannot read."""

from __future__ import annotations


class PlaybookSyntaxError(ValueError):
    """The playbook does not have the expected shape at ``line_number`` (1-based)."""

    def __init__(self, line_number: int, expected: str, found: str) -> None:
        self.line_number = line_number
        self.expected = expected
        self.found = found
        super().__init__(f"line {line_number}: expected {expected}, found {found}")
