"""Parse a Markdown incident playbook into scenarios, steps and escalation rules.

The parser reads the shape of the document, not its sentences: headings
``### Scenario N: Title`` (or ``### Cenário N: Título``), bold labels such as
``**Severity:**``/``**Severidade:**``, lists, fenced blocks and pipe tables, in
Portuguese or English.
"""

from __future__ import annotations

from pathlib import Path

from .blocks import Block, tokenize
from .encoding import repair_mojibake
from .errors import PlaybookSyntaxError
from .extras import (
    communication,
    metadata,
    notification_channels,
    post_incident_review,
    quick_reference,
)
from .limits import check_limits, check_nul
from .model import ParsedPlaybook, Scenario
from .overview import guess_language, overview
from .scenarios import parse_scenario, scenario_heading
from .tables import contacts, group_tables, roles, severity_levels


def _scenarios(blocks: list[Block]) -> list[Scenario]:
    found: list[Scenario] = []
    seen: dict[int, int] = {}
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if block.kind != "heading" or not scenario_heading(block):
            continue
        body: list[Block] = []
        while index < len(blocks) and not (
            blocks[index].kind == "heading" and blocks[index].level <= block.level
        ):
            body.append(blocks[index])
            index += 1
        scenario = parse_scenario(block, body)
        if scenario.number in seen:
            raise PlaybookSyntaxError(
                block.line,
                f"a scenario number not used before (scenario {scenario.number} "
                f"is already at line {seen[scenario.number]})",
                repr(block.text),
            )
        seen[scenario.number] = block.line
        found.append(scenario)
    return found


def parse_playbook(text: str) -> ParsedPlaybook:
    """Parse playbook Markdown; raise PlaybookSyntaxError naming the line on bad shape."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    check_nul(text)
    blocks = tokenize(text)
    scenarios = _scenarios(blocks)
    if not scenarios:
        raise PlaybookSyntaxError(
            max(1, text.count("\n") + (0 if text.endswith("\n") else 1)),
            "at least one '### Scenario N: Title' (or '### Cenário N: Título') section",
            "end of file without any",
        )
    tables = group_tables(blocks)
    title, meta = metadata(blocks)
    playbook = ParsedPlaybook(
        title=title,
        scenarios=scenarios,
        metadata=meta,
        severities=severity_levels(tables),
        roles=roles(tables),
        contacts=contacts(tables),
        notification_channels=notification_channels(blocks),
        communication=communication(blocks),
        post_incident_review=post_incident_review(blocks),
        quick_reference=quick_reference(blocks),
        overview=overview(blocks),
        language=guess_language(text),
    )
    check_limits(playbook)
    return playbook


def parse_playbook_text(text: str) -> ParsedPlaybook:
    """Repair mojibake first, then parse; the repair is recorded on the result."""
    repaired, codec = repair_mojibake(text)
    playbook = parse_playbook(repaired)
    playbook.repaired_encoding = codec
    return playbook


def load_playbook_file(path: str | Path) -> ParsedPlaybook:
    """Read a playbook file as UTF-8, repair mojibake, parse it."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PlaybookSyntaxError(line, "UTF-8 text", f"byte 0x{data[error.start]:02x}") from error
    return parse_playbook_text(text)
