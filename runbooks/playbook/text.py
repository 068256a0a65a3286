"""Small text helpers shared by the parser modules: markup, accents, durations."""

from __future__ import annotations

import re
import unicodedata

ARROW = re.compile(r"\s*(?:→|->|=>|⇒|⟶)\s*")

_UNIT_MINUTES = {
    "min": 1,
    "h": 60,
    "d": 1440,
    "w": 10080,
}
_UNIT_WORDS = (
    r"minutos?|minutes?|mins?|m(?![a-z])"
    r"|horas?|hours?|hrs?|h(?![a-z])"
    r"|dias?|days?|d(?![a-z])"
    r"|semanas?|weeks?"
)
DURATION = re.compile(r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>" + _UNIT_WORDS + r")", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LEADING_JUNK = {"So", "Cf", "Mn", "Zs", "Co"}


def unit_minutes(unit: str) -> int:
    unit = fold(unit)
    if unit.startswith(("sem", "w")):
        return _UNIT_MINUTES["w"]
    if unit.startswith("mi") or unit == "m":
        return _UNIT_MINUTES["min"]
    if unit.startswith("d"):
        return _UNIT_MINUTES["d"]
    return _UNIT_MINUTES["h"]


def duration_minutes(match: re.Match[str]) -> int:
    value = float(match["value"].replace(",", "."))
    return round(value * unit_minutes(match["unit"]))


def first_duration(text: str) -> int | None:
    match = DURATION.search(strip_markup(text))
    return duration_minutes(match) if match else None


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: for matching keywords."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


def strip_leading_marks(text: str) -> str:
    """Drop leading emoji, variation selectors and bullets such as ❌ ⚠️ 📊 🚨 •."""
    index = 0
    while index < len(text) and (
        unicodedata.category(text[index]) in _LEADING_JUNK
        or text[index] in "•·‣"
        or (unicodedata.category(text[index]) == "Sk" and ord(text[index]) > 0x2000)
    ):
        index += 1
    return text[index:].strip()


def strip_markup(text: str) -> str:
    """Remove bold markers and leading emoji; inline `code` is kept."""
    text = _BOLD.sub(lambda match: match[1] or match[2], text)
    return strip_leading_marks(text.replace("**", "")).strip()


def split_bold_title(text: str) -> tuple[str | None, str]:
    """'**Title:** rest' -> ('Title', 'rest'); no bold title with a colon -> (None, text)."""
    text = strip_leading_marks(text)
    match = re.match(r"^\*\*([^*]+?:)\*\*\s*(.*)$", text) or re.match(
        r"^\*\*([^*]+?)\*\*\s*:\s*(.*)$", text
    )
    if not match:
        return None, text
    title = strip_leading_marks(match[1]).rstrip(" :")
    return title, match[2].strip()


def label_of(text: str) -> tuple[str, str] | None:
    """A paragraph that is a label: '**Name:** value' or '**Name**: value'."""
    match = re.match(r"^\*\*(?P<name>[^*]+?)\s*:\s*\*\*\s*(?P<value>.*)$", text) or re.match(
        r"^\*\*(?P<name>[^*]+?)\*\*\s*:\s*(?P<value>.*)$", text
    )
    if not match:
        return None
    return strip_leading_marks(match["name"]).strip(), match["value"].strip()


def whole_bold(text: str) -> str | None:
    """'**Some title**' (the whole line bold) -> 'Some title'."""
    match = re.match(r"^\*\*([^*]+)\*\*$", text.strip())
    return strip_leading_marks(match[1]).strip() if match else None


def without_parentheses(text: str) -> str:
    return " ".join(re.sub(r"\([^)]*\)", " ", text).split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
