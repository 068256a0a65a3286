"""Which scenario an incident title describes: the declare form's suggestions.

Words are folded (lower case, no accents), stop words of pt-BR and English dropped, and
each word becomes either a concept shared by both languages (LEXICON: "login",
"autenticação" and "JWT" are all authentication) or a five-letter stem. A scenario is
described by its title (counted twice), its symptoms and its escalation rules. A typed
term counts by its rarity across the scenarios (inverse document frequency): "falha" or
"usuários", found in many scenarios, weigh little; "login", found in one, weighs a lot.
"""

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from .playbook.text import fold

_WORD = re.compile(r"[a-z0-9]+")
TITLE_WEIGHT = 2.0

_STOP_TEXT = (
    # Portuguese
    "a o as os um uma uns umas de do da dos das no na nos nas em por para com sem que se "
    "nao sim e ou mas ao aos pelo pela pelos pelas este esta esse essa isso isto todo toda "
    "todos todas muito muita mais menos ja ainda ha foi sao esta estao ser ter tem sendo "
    "apos ate sobre entre quando onde como qual quais seu sua seus suas nosso nossa agora "
    "depois antes logo "
    # English
    "the an and or but of to in on at by for with without from into is are was were be "
    "been being it its this that these those all every any some no not yes after before "
    "when where how which who our their there here now still again very more less just "
    "can cannot cant did does do done has have had for everyone everybody "
    # Words every incident title uses: they tell scenarios apart by nothing.
    "erro erros error errors falha falhas falhando falhou falhar fail fails failing failed "
    "failure problema problemas problem issue issues incidente incident sistema system "
    "ar app aplicacao application servico service"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())

# Concepts both languages share, so an English title finds a Portuguese scenario and back.
_CONCEPTS: dict[str, str] = {
    "database": "banco database databases db postgres postgresql psql sql",
    "down": "fora down indisponivel indisponibilidade outage offline unavailable",
    "foreignkey": "foreign estrangeira fk",
    "slow": "lento lenta lentos lentidao slow slowness latencia latency timeout timeouts "
    "demorando demora demorado p95 504 gateway carregando loading",
    "openai": "openai gpt chatgpt llm ia",
    "generate": "geracao gerar gera generation generate generating",
    "memory": "memoria memory oom heap",
    "restart": "reinicia reiniciando reinicios restart restarting restarts loop",
    "frontend": "frontend front tela screen branca white navegador browser",
    "auth": "login logon signin autenticacao authentication auth entrar sessao sessoes "
    "session sessions token tokens jwt senha password logout",
    "corrupt": "corrompido corrompidos corrompida corrompidas corrupted corruption corrupt "
    "embaralhado embaralhados garbled caracteres characters estranhos strange",
    "ratelimit": "rate limit limits limite limites 429 quota exceeded excedido throttled",
    "deploy": "deploy deploys deployment build rollback release implantacao",
    "security": "seguranca security breach invasao hack hacked hacker exfiltration "
    "extracao intrusion intrusao anomala anomalous autorizado unauthorized",
}
LEXICON = {word: "@" + concept for concept, words in _CONCEPTS.items() for word in words.split()}


def terms(text: str) -> set[str]:
    """The concepts and stems a text is about."""
    found = set()
    for word in _WORD.findall(fold(text)):
        if word in LEXICON:
            found.add(LEXICON[word])
        elif word not in STOP_WORDS and len(word) >= 3:
            found.add(word[:5])
    return found


def _documents(scenarios: Sequence[Any]) -> list[tuple[set[str], set[str]]]:
    """(title terms, other terms) of each scenario: its symptoms and its escalation rules'
    texts ("Indisponibilidade da OpenAI > 2 h"); rules prefetched by scenarios_for_picker."""
    return [
        (terms(s.title), terms(" ".join([*s.symptoms, *(r.text for r in s.rules.all())])))
        for s in scenarios
    ]


def rank(text: str, scenarios: Iterable[Any]) -> list[Any]:
    """All scenarios, best match first (ties by number); each gets ``match_score``."""
    scenarios = list(scenarios)
    documents = _documents(scenarios)
    count = len(scenarios) or 1
    frequency: dict[str, int] = {}
    for title, symptoms in documents:
        for term in title | symptoms:
            frequency[term] = frequency.get(term, 0) + 1
    typed = terms(text)
    for scenario, (title, symptoms) in zip(scenarios, documents, strict=True):
        score = 0.0
        for term in typed & (title | symptoms):
            weight = TITLE_WEIGHT if term in title else 1.0
            score += weight * math.log(1 + count / frequency[term])
        scenario.match_score = round(score, 3)
    return sorted(scenarios, key=lambda s: (-s.match_score, s.number))
