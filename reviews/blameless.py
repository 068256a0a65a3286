"""The blameless wording check: flags sentences that make a named person the subject of an
error ("Ana broke...", "culpa do João", "Pedro esqueceu", "erro do Carlos"), in pt-BR and
English, each with a suggested rewording. It warns; it never blocks.

A capitalised word counts as a person when it is the name of someone in the team (their
first, last or user name) or a common first name; phrases that only blame people ("culpa
do X", "X's fault", "X forgot") flag any capitalised name."""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from .models import TEXT_SECTIONS, Review

COMMON_FIRST_NAMES = frozenset(
    [
        "ana",
        "maria",
        "joao",
        "jose",
        "pedro",
        "paulo",
        "carlos",
        "lucas",
        "mateus",
        "gabriel",
        "rafael",
        "bruno",
        "felipe",
        "gustavo",
        "diego",
        "carla",
        "julia",
        "juliana",
        "fernanda",
        "beatriz",
        "camila",
        "amanda",
        "leticia",
        "mariana",
        "larissa",
        "patricia",
        "marcos",
        "marcelo",
        "ricardo",
        "rodrigo",
        "thiago",
        "tiago",
        "vinicius",
        "andre",
        "eduardo",
        "fabio",
        "leonardo",
        "daniel",
        "daniela",
        "renata",
        "vanessa",
        "aline",
        "bianca",
        "priscila",
        "luana",
        "joana",
        "sofia",
        "helena",
        "alice",
        "laura",
        "manuela",
        "john",
        "james",
        "robert",
        "michael",
        "william",
        "david",
        "richard",
        "joseph",
        "thomas",
        "charles",
        "mary",
        "jennifer",
        "linda",
        "elizabeth",
        "susan",
        "jessica",
        "sarah",
        "karen",
        "nancy",
        "lisa",
        "emma",
        "olivia",
        "ava",
        "mia",
        "noah",
        "liam",
        "ethan",
        "mason",
        "alex",
        "sam",
        "chris",
        "kevin",
        "brian",
        "mark",
        "steven",
        "anna",
        "kate",
        "tom",
        "bob",
    ]
)
# Words that start sentences or name things, never people.
NOT_NAMES = frozenset(
    [
        "the",
        "this",
        "that",
        "it",
        "we",
        "they",
        "he",
        "she",
        "someone",
        "somebody",
        "nobody",
        "everyone",
        "our",
        "a",
        "an",
        "o",
        "a",
        "os",
        "as",
        "um",
        "uma",
        "ele",
        "ela",
        "eles",
        "elas",
        "nos",
        "nós",
        "alguém",
        "ninguém",
        "todos",
        "isso",
        "este",
        "esta",
        "esse",
        "essa",
    ]
)

WHO = r"(?P<who>[A-ZÀ-Ý][\wÀ-ÿ'-]+)"
OBJ = r"(?P<obj>[^.!?\n]*)"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    any_name: bool  # the phrase blames whoever it names (else: only people's names)
    suggestion: str  # which suggestion (see _suggest); it quotes the rest of the sentence


def _rule(regex: str, any_name: bool, suggestion: str) -> Rule:
    return Rule(re.compile(regex), any_name, suggestion)


RULES = {
    "en": [
        _rule(WHO + r"'s\s+(?:fault|mistake|blunder)\b" + OBJ, True, "blame"),
        _rule(r"\b(?:[Bb]lame[sd]?|[Ff]ault of)\s+" + WHO + r"\b" + OBJ, True, "blame"),
        _rule(
            r"\b(?:[Bb]ecause of|[Mm]istake by|[Ee]rror by)\s+" + WHO + r"\b" + OBJ, False, "blame"
        ),
        _rule(
            WHO
            + r"\s+(?:forgot(?: to)?|neglected(?: to)?|messed up|screwed up|was careless)\s+"
            + OBJ,
            True,
            "forgot",
        ),
        _rule(
            WHO
            + r"\s+(?:broke|caused|deleted|dropped|misconfigured|did not|didn't|failed to"
            + r"|ignored|overlooked)\s+"
            + OBJ,
            False,
            "broke",
        ),
    ],
    "pt": [
        _rule(r"\b[Cc]ulpa\s+d[oa]s?\s+" + WHO + r"\b" + OBJ, True, "blame"),
        _rule(
            r"\b(?:[Ee]rro|[Ff]alha|[Dd]escuido|[Vv]acilo)\s+d[oa]s?\s+" + WHO + r"\b" + OBJ,
            False,
            "blame",
        ),
        _rule(WHO + r"\s+(?:esqueceu(?: de)?|negligenciou|vacilou|errou)\s*" + OBJ, True, "forgot"),
        _rule(
            WHO
            + r"\s+(?:quebrou|derrubou|causou|apagou|deletou|ignorou|configurou errado"
            + r"|não (?:verificou|testou|conferiu))\s+"
            + OBJ,
            False,
            "broke",
        ),
    ],
}


@dataclass(frozen=True)
class BlameWarning:
    section: str
    sentence: str
    suggestion: str


_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip(" -*#>\t") for s in _SENTENCES.split(text or "") if s.strip(" -*#>\t")]


def team_names() -> frozenset[str]:
    rows = (
        get_user_model()
        .objects.filter(is_active=True)
        .values_list("first_name", "last_name", "username")
    )
    return frozenset(fold(part) for row in rows for part in row if part and len(part) > 1)


def fold(word: str) -> str:
    """Lower case without accents: "João" and "joao" are one name."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_person(word: str, any_name: bool, names: frozenset[str]) -> bool:
    lowered = fold(word)
    if lowered in NOT_NAMES:
        return False
    return any_name or lowered in names or lowered in COMMON_FIRST_NAMES


def _suggest(kind: str, obj: str) -> str:
    obj = obj.strip().rstrip(",;:") or "…"
    words = {
        "blame": _(
            "Describe the conditions that led to it, not who: what made the mistake possible?"
        ),
        "forgot": _("“%(obj)s” was not done: which step or check would make it happen every time?"),
        "broke": _(
            "Rewrite it without the person: what happened to “%(obj)s”, and which safeguard "
            "(test, review, alert) would have caught it?"
        ),
    }
    text = words[kind]
    return text % {"obj": obj} if "%(obj)s" in text else text


def check_text(text: str, *, names: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(sentence, suggested rewording) for each sentence that blames a person."""
    flagged = []
    for sentence in sentences(text):
        for rules in RULES.values():
            hit = next(
                (
                    (rule, match)
                    for rule in rules
                    for match in rule.pattern.finditer(sentence)
                    if _is_person(match.group("who"), rule.any_name, names)
                ),
                None,
            )
            if hit:
                rule, match = hit
                flagged.append((sentence, _suggest(rule.suggestion, match.group("obj"))))
                break
    return flagged


def blame_warnings(review: Review, texts: dict[str, Any] | None = None) -> list[BlameWarning]:
    """Warnings for the review's text sections (or the given unsaved texts), in its language."""
    names = team_names()
    source = texts if texts is not None else {n: getattr(review, n) for n in TEXT_SECTIONS}
    found = []
    with translation.override(review.language):
        for section in TEXT_SECTIONS:
            for sentence, suggestion in check_text(str(source.get(section) or ""), names=names):
                found.append(BlameWarning(section, sentence, suggestion))
    return found
