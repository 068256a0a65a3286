"""One ``### Scenario N: Title`` section: its labels, symptoms, steps and rules."""

from __future__ import annotations

import re

from .blocks import Block, flatten_text, tree
from .errors import PlaybookSyntaxError
from .model import SEVERITIES, Scenario
from .rules import parse_rule
from .steps import CASE_SECTIONS, build_steps, case_title
from .text import fold, label_of, strip_leading_marks, strip_markup, without_parentheses

SCENARIO_HEADING = re.compile(
    r"^(?:scenario|cen[aá]rio)\s*(?:#|n[.o°º]*)?\s*(?P<number>\d+)\s*[:.\-–—]\s*(?P<title>.+)$",
    re.IGNORECASE,
)
SEVERITY_VALUE = re.compile(r"^P(?P<level>\d+)\b", re.IGNORECASE)

# Canonical label -> folded spellings it starts with (English and Portuguese).
LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("severity", ("severity", "severidade", "priority", "prioridade")),
    ("symptoms", ("symptom", "sintoma", "sign", "sinais")),
    ("diagnosis", ("diagnosis", "diagnostico", "diagnostic")),
    ("immediate_action", ("immediate action", "acao imediata", "acoes imediatas", "mitigation",
                          "mitigacao")),
    ("root_cause", ("root cause", "correcao da causa raiz", "causa raiz",
                    "investigacao da causa raiz", "correcao definitiva")),
    ("resolution", ("resolution", "resolucao", "remediation", "remediacao")),
    ("post_incident", ("post-incident", "post incident", "pos-incidente", "pos incidente",
                       "acoes pos-incidente", "acoes apos o incidente")),
    ("verification", ("verification", "verificacao", "validation", "validacao")),
    ("rollback", ("rollback", "plano de rollback", "plano de reversao", "reversao")),
    ("escalation", ("escalation", "escalonamento", "escalacao")),
    ("notes", ("notes", "notas", "observacoes", "observacao", "impact", "impacto",
               "references", "referencias", "owner", "responsavel")),
)  # fmt: skip
_ROLLBACK_BLOCKED = re.compile(
    r"\b(?:nao|do not|don't|never|nunca|must not)\b.{0,30}\b(?:roll ?back|reverter|reverta)"
)


def classify_label(name: str) -> str | None:
    key = fold(without_parentheses(name)).rstrip(" :")
    for canonical, spellings in LABELS:
        for spelling in spellings:
            if re.match(re.escape(spelling) + r"s?(?:\s|$)", key):
                return canonical
    return None


def scenario_heading(block: Block) -> re.Match[str] | None:
    """Match a scenario heading; raise for one that starts like it but is malformed."""
    text = strip_leading_marks(block.text)
    match = SCENARIO_HEADING.match(text)
    if match is None and re.match(r"(?:scenario|cenario)\b", fold(text)):
        raise PlaybookSyntaxError(
            block.line, "a heading like 'Scenario N: Title' (or 'Cenário N: Título')", repr(text)
        )
    return match


def _segments(heading: Block, body: list[Block]) -> list[tuple[str, Block, str, list[Block]]]:
    """Cut the scenario body at its labels: (label key, label block, value, blocks)."""
    segments: list[tuple[str, Block, str, list[Block]]] = [("intro", heading, "", [])]
    for block in body:
        if block.kind == "rule":
            continue
        name: str | None = None
        value = ""
        if block.kind == "heading":
            name = block.text.rstrip(" :")
        elif block.kind == "para" and block.indent == 0 and (label := label_of(block.text)):
            name, value = label
        if name is None:
            segments[-1][3].append(block)
            continue
        key = classify_label(name)
        current = segments[-1][0]
        in_cases = current in CASE_SECTIONS | {"resolution"}
        if key is None and (
            (in_cases and (block.kind == "heading" or case_title(block.text)))
            or (current in ("intro", "symptoms") and value)
        ):
            segments[-1][3].append(block)
            continue
        if key is None:
            raise PlaybookSyntaxError(
                block.line,
                "a scenario label such as **Severity:**, **Symptoms:**, **Diagnosis:**, "
                "**Immediate Action:**, **Root Cause Fix:**, **Verification:**, "
                "**Rollback Plan:** or **Escalation:**",
                repr(block.text),
            )
        segments.append((key, block, value, []))
    return segments


def _severity(scenario: Scenario, block: Block, value: str, blocks: list[Block]) -> None:
    rest = blocks
    if not value and blocks and blocks[0].kind in ("para", "item"):
        value, rest = blocks[0].text, blocks[1:]
    scenario.unparsed.extend((extra.line, _shown(extra)) for extra in rest)
    match = SEVERITY_VALUE.match(strip_markup(value))
    if not match or f"P{match['level']}" not in SEVERITIES:
        raise PlaybookSyntaxError(block.line, "a severity P0, P1, P2 or P3", repr(value or ""))
    scenario.severity = f"P{match['level']}"
    label = strip_markup(value)[match.end() :].strip(" ()-–—:")
    scenario.severity_label = label or None


def _escalation(scenario: Scenario, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "item" or (block.kind == "para" and re.search(r"→|->|=>", block.text)):
            scenario.escalation_rules.append(parse_rule(block.text, block.line))
        else:
            scenario.unparsed.append((block.line, _shown(block)))


def _shown(block: Block) -> str:
    text = block.text or " | ".join(block.cells) or "\n".join(block.body[:1])
    return text[:120]


def _unused(blocks: list[Block], scenario: Scenario) -> None:
    """Tables under a step label make no step: say so rather than drop them."""
    for block in blocks:
        if block.kind == "table":
            scenario.unparsed.append((block.line, _shown(block)))


def parse_scenario(heading: Block, body: list[Block]) -> Scenario:
    match = scenario_heading(heading)
    assert match is not None
    title = strip_markup(match["title"])
    scenario = Scenario(number=int(match["number"]), title=title, severity="", line=heading.line)
    for key, block, value, blocks in _segments(heading, body):
        if key == "severity":
            _severity(scenario, block, value, blocks)
        elif key in ("intro", "symptoms", "notes"):
            lines = ([strip_markup(value)] if value else []) + [
                strip_markup(text) for text in flatten_text(tree(blocks))
            ]
            if key == "symptoms":
                scenario.symptoms.extend(line for line in lines if line)
            elif key == "notes":
                scenario.notes[strip_markup(block.text).split(":")[0]] = "\n".join(lines)
            elif lines:
                scenario.description = "\n".join(lines)
        elif key == "escalation":
            _escalation(scenario, blocks)
        else:
            section = "immediate_action" if key == "resolution" else key
            scenario.steps.extend(build_steps(section, blocks))
            _unused(blocks, scenario)
    if not scenario.severity:
        raise PlaybookSyntaxError(
            heading.line,
            f"a **Severity:** (or **Severidade:**) label in scenario {scenario.number}",
            "none",
        )
    if not scenario.steps:
        raise PlaybookSyntaxError(
            heading.line,
            f"at least one step (under **Diagnosis:**, **Immediate Action:**, **Verification:**"
            f"...) in scenario {scenario.number}",
            "a scenario with no steps",
        )
    scenario.rollback_blocked = any(
        _ROLLBACK_BLOCKED.search(fold(step.text))
        for step in scenario.steps
        if step.section == "rollback"
    )
    return scenario
