"""Escalation rules written as bullets, in Portuguese or English.

    If unresolved after **30 min** -> Escalate to Escalation Engineer
    If OpenAI downtime > **2h** -> Incident Commander (official communication)
    If rate limit constante (>3x/dia) -> Escalation Engineer
    If rollback falhou -> **IMMEDIATE** Escalation Engineer
    **Se breach confirmado** -> Notificar legal team + ANPD (LGPD compliance)

The left of the arrow holds the trigger (a duration, a recurrence, or nothing, which
means "as soon as the condition holds") and the condition; the right holds the target.
A rule that names no role but tells someone outside to be notified (legal team, a
regulator) goes to the incident commander, who owns external communication, with
action "notify" and the parties in ``also``.
"""

from __future__ import annotations

import re

from .errors import PlaybookSyntaxError
from .model import EscalationRule, Recurrence
from .text import (
    ARROW,
    DURATION,
    duration_minutes,
    fold,
    strip_markup,
    unit_minutes,
    without_parentheses,
)

TARGET_PATTERNS = (
    (
        "escalation_engineer",
        re.compile(r"escalation engineer|engenheir[oa]s? de (?:escalonamento|escalacao|escalada)"),
    ),
    (
        "incident_commander",
        re.compile(r"incident commander|comandante (?:do |de )?incidentes?|\bcomandante\b"),
    ),
    (
        "security_specialist",
        re.compile(
            r"security (?:specialist|team|on-call|on call|engineer|officer)"
            r"|especialista(?:s)? (?:em |de )?seguranca|(?:time|equipe) de seguranca"
        ),
    ),
    ("legal", re.compile(r"\blegal (?:team|counsel|department)|\bjuridic[oa]\b|\blegal\b")),
    ("backlog", re.compile(r"\bbacklog\b")),
)
_ROLLBACK = re.compile(r"roll ?back|revers|revert")
_FAILED = re.compile(r"fail|falh|did not work|nao funcionou|deu errado|broke")
_NOTIFY = re.compile(r"\b(?:notif\w*|inform\w*|comunicar|avisar|legal|juridic\w*|anpd|regulat\w*)")
_IMMEDIATE = re.compile(
    r"\b(?:immediate(?:ly)?|imediat[oa](?:mente)?|right away|at once)\b", re.IGNORECASE
)
RECURRENCE = re.compile(
    r"\(?\s*(?P<op>>=|≥|>|more than|mais de|acima de|at least|pelo menos)?\s*"
    r"(?P<count>\d+)\s*(?:x|vezes|times)\s*"
    r"(?:/|por|per|a|an|ao|em|in|within|every|a cada|each)?\s*"
    r"(?P<n>\d+)?\s*(?P<unit>minutos?|minutes?|min|horas?|hours?|h|dias?|days?|d|semanas?|weeks?)"
    r"\b\s*\)?",
    re.IGNORECASE,
)
_LEADING_IF = re.compile(r"^(?:if|se|when|quando|caso|in case of|em caso de)\b\s*", re.IGNORECASE)
_TRAILING_LINK = re.compile(
    r"\s*(?:\b(?:after|apos|após|depois de|em|in|within|for|por|more than|mais de|acima de|"
    r"longer than|over)\b|>=|≥|>|:|-|–)\s*$",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"^(?:escalate to|escalar para|escalonar para|notificar|notify|notifique|informar|inform|"
    r"avisar|acionar|call|chamar)\s+",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|an?|os?|as?)\s+", re.IGNORECASE)
_UNRESOLVED = {
    "unresolved",
    "not resolved",
    "still unresolved",
    "nao resolvido",
    "nao resolvida",
    "sem resolucao",
    "not fixed",
    "nao corrigido",
}
_PARTS = re.compile(r"\s*(?:\+|,|;|&|\band\b|\be\b)\s*", re.IGNORECASE)


def find_target(text: str) -> str | None:
    folded = fold(text)
    hits = [(m.start(), key) for key, rx in TARGET_PATTERNS if (m := rx.search(folded))]
    return min(hits)[1] if hits else None


def recurrence_from(match: re.Match[str]) -> Recurrence:
    op = fold(match["op"] or "")
    window = int(match["n"] or 1) * unit_minutes(match["unit"])
    operator = ">=" if (not op or op in (">=", "≥", "at least", "pelo menos")) else ">"
    return Recurrence(count=int(match["count"]), window_minutes=window, operator=operator)


def _condition(left: str) -> str | None:
    text = _IMMEDIATE.sub(" ", left)
    text = _LEADING_IF.sub("", " ".join(text.split()))
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING_LINK.sub("", text).strip(" .,;:()")
    text = _ARTICLE.sub("", text)
    if not text or fold(text) in _UNRESOLVED:
        return None
    return text


def _right_side(
    right: str, line: int, raw: str
) -> tuple[str, str, list[str], list[str], str | None]:
    notes = re.findall(r"\(([^)]*)\)", right)
    body = _IMMEDIATE.sub(" ", without_parentheses(right))
    parts = [part.strip(" .") for part in _PARTS.split(body) if part.strip(" .")]
    target = None
    also = []
    also_roles: list[str] = []
    for part in parts:
        key = find_target(part)
        if key and target is None:
            target = key
        else:
            also.append(_ARTICLE.sub("", _VERB.sub("", part)).strip())
            if key and key != "backlog" and key != target and key not in also_roles:
                also_roles.append(key)
    action = "escalate"
    if target is None:
        if not _NOTIFY.search(fold(body)):
            raise PlaybookSyntaxError(
                line,
                "an escalation target (Escalation Engineer, Incident Commander, Backlog, "
                "or people to notify)",
                repr(raw.strip()),
            )
        target, action = "incident_commander", "notify"
    note = "; ".join(note.strip() for note in notes if note.strip()) or None
    return target, action, [part for part in also if part], also_roles, note


def _split_without_arrow(text: str) -> tuple[str, str]:
    """'If X after 45 min, escalate to Y' -> ('If X after 45 min', 'escalate to Y')."""
    head, comma, tail = text.partition(",")
    if comma and find_target(tail) and not find_target(head):
        return head, tail
    return "", text


def parse_rule(raw: str, line: int) -> EscalationRule:
    """Turn one escalation bullet into a rule; raise if it names nobody to call."""
    text = strip_markup(raw)
    pieces = ARROW.split(text, maxsplit=1)
    left, right = (pieces[0], pieces[1]) if len(pieces) == 2 else _split_without_arrow(text)
    rule = EscalationRule(target="", text=text, line=line)
    if match := RECURRENCE.search(text):
        rule.recurrence = recurrence_from(match)
        left = left.replace(match[0].strip(), " ")
    elif match := DURATION.search(left) or DURATION.search(right):
        rule.after_minutes = duration_minutes(match)
        left = left.replace(match[0], " ")
        right = right.replace(match[0], " ")
    else:
        rule.immediate = True
    rule.condition = _condition(left)
    rule.target, rule.action, rule.also, rule.also_roles, rule.note = _right_side(right, line, raw)
    rule.kind = condition_kind(rule)
    return rule


def condition_kind(rule: EscalationRule) -> str:
    """Type the trigger once, at import: what the sweep and the page act on."""
    if rule.recurrence is not None:
        return "recurrence"
    if rule.after_minutes is not None:
        return "while" if rule.condition else "after_minutes"
    if not rule.condition:
        return "immediate"
    folded = fold(rule.condition)
    if _ROLLBACK.search(folded) and _FAILED.search(folded):
        return "rollback_failed"
    return "breach_confirmed"
