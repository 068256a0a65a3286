"""Pipe tables: severity levels and SLAs, roles, the contact list.

Columns are found by their header words (English or Portuguese), not by position,
with the usual order as a fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block
from .errors import PlaybookSyntaxError
from .model import SEVERITIES, Contact, Role, SeverityLevel
from .rules import find_target, parse_rule
from .text import first_duration, fold, slug, strip_markup

_SEVERITY = re.compile(
    r"^P(?P<level>\d+)\b\s*(?:\((?P<label>[^)]*)\)|[-–—:]\s*(?P<rest>.+))?", re.IGNORECASE
)
_ROLE_KEYS = (
    ("first_responder", ("first responder", "primeiro respondente", "primeira resposta",
                         "plantonista", "on-call", "on call")),
    ("escalation_engineer", ("escalation engineer", "engenheiro de escalonamento",
                             "engenheira de escalonamento")),
    ("incident_commander", ("incident commander", "comandante do incidente",
                            "comandante de incidente")),
    ("product_owner", ("product owner", "dono do produto", "responsavel pelo produto")),
)  # fmt: skip


@dataclass
class Table:
    line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]

    def column(self, *words: str, default: int | None = None) -> int | None:
        for index, cell in enumerate(self.header):
            if any(word in fold(cell) for word in words):
                return index
        return default if default is not None and default < len(self.header) else None


def group_tables(blocks: list[Block]) -> list[Table]:
    tables: list[Table] = []
    previous = None
    for block in blocks:
        if block.kind != "table":
            previous = None
            continue
        if previous is not None and tables:
            tables[-1].rows.append((block.line, block.cells))
        else:
            tables.append(Table(block.line, [strip_markup(cell) for cell in block.cells], []))
        previous = block
    return tables


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return strip_markup(cells[index])


def role_key(name: str) -> str:
    folded = fold(name)
    for key, spellings in _ROLE_KEYS:
        if any(spelling in folded for spelling in spellings):
            return key
    return find_target(name) or slug(name)


def severity_levels(tables: list[Table]) -> list[SeverityLevel]:
    for table in tables:
        code = table.column("severi", "priorid", "priority", "nivel", "level")
        if code is None or table.column("phone", "telefone") is not None:
            continue
        meaning = table.column("defini", "meaning", "descri", "signific", default=code + 1)
        response = table.column("response", "resposta", "sla", "acknowledg", default=code + 2)
        escalation = table.column("escalat", "escalon", default=code + 3)
        levels = []
        for line, cells in table.rows:
            value = _cell(cells, code)
            match = _SEVERITY.match(value)
            if not match or f"P{match['level']}" not in SEVERITIES:
                raise PlaybookSyntaxError(line, "a severity P0, P1, P2 or P3", repr(value))
            levels.append(_severity_row(match, cells, line, meaning, response, escalation))
        if levels:
            return levels
    return []


def _severity_row(
    match: re.Match[str],
    cells: list[str],
    line: int,
    meaning: int | None,
    response: int | None,
    escalation: int | None,
) -> SeverityLevel:
    escalation_text = _cell(cells, escalation)
    after = target = None
    if escalation_text:
        try:
            rule = parse_rule(escalation_text, line)
        except PlaybookSyntaxError:
            after = first_duration(escalation_text)
        else:
            after, target = rule.after_minutes, rule.target
    return SeverityLevel(
        code=f"P{match['level']}",
        label=(match["label"] or match["rest"] or "").strip() or None,
        meaning=_cell(cells, meaning),
        response_minutes=first_duration(_cell(cells, response)),
        escalation_minutes=after,
        escalation_target=target,
        line=line,
    )


def roles(tables: list[Table]) -> list[Role]:
    for table in tables:
        name = table.column("role", "papel", "funcao")
        duty = table.column("respons")
        if name is None or duty is None or table.column("phone", "telefone", "email") is not None:
            continue
        when = table.column("quando", "when", "acts", "atua", default=duty + 1)
        out = []
        for _line, cells in table.rows:
            acts_when = _cell(cells, when)
            multiplier = re.search(r"(\d+)\s*x\s*sla", fold(acts_when))
            out.append(
                Role(
                    key=role_key(_cell(cells, name)),
                    name=_cell(cells, name),
                    responsibility=_cell(cells, duty),
                    acts_when=acts_when,
                    sla_multiplier=int(multiplier[1]) if multiplier else None,
                    always_for=re.findall(r"\bP[0-3]\b", acts_when),
                )
            )
        return out
    return []


def contacts(tables: list[Table]) -> list[Contact]:
    for table in tables:
        if table.column("phone", "telefone", "email", "e-mail") is None:
            continue
        role = table.column("role", "papel", "funcao", default=0)
        fields = {
            index: _contact_field(cell) for index, cell in enumerate(table.header) if index != role
        }
        out = []
        for _line, cells in table.rows:
            values = {key: _cell(cells, index) for index, key in fields.items()}
            name = _cell(cells, role)
            placeholder = any(re.fullmatch(r"\[.*\]", value) for value in values.values())
            out.append(Contact(name, role_key(name), values, placeholder))
        return out
    return []


def _contact_field(header: str) -> str:
    folded = fold(header)
    for key, words in (
        ("name", ("name", "nome")),
        ("phone", ("phone", "telefone", "celular")),
        ("slack", ("slack",)),
        ("email", ("email", "e-mail")),
        ("timezone", ("timezone", "time zone", "fuso")),
    ):
        if any(word in folded for word in words):
            return key
    return slug(header)
