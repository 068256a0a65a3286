"""The parts of a playbook around the scenarios that the reference page shows:
objective, principles, when to use it (and when not), related documents and the
note on the next review. Missing parts give empty values, never errors."""

from __future__ import annotations

import re
from typing import Any

from .blocks import Block, sections
from .text import fold, label_of, split_bold_title, strip_markup

_OVERVIEW = ("overview", "visao geral", "introduc", "about", "sobre")
_RELATED = ("related", "relacionad", "appendix", "apendice", "anexo", "see also", "veja tambem")
_NEXT_REVIEW = re.compile(r"proxima revis|next review|review due|revisar em")
_PT_WORDS = {"de", "que", "para", "nao", "com", "quando", "verificar", "se", "uma", "os", "das"}
_EN_WORDS = {"the", "and", "of", "to", "when", "check", "if", "is", "with", "for", "an"}


def guess_language(text: str) -> str:
    """'pt-br' or 'en', from the commonest short words of the document."""
    words = re.findall(r"[a-z]+", fold(text))
    portuguese = sum(word in _PT_WORDS for word in words)
    english = sum(word in _EN_WORDS for word in words)
    return "pt-br" if portuguese > english else "en"


def _h2(blocks: list[Block], words: tuple[str, ...]) -> list[Block]:
    for heading, body in sections(blocks, 2):
        if any(word in fold(heading.text) for word in words):
            return body
    return []


def _groups(part: list[Block]) -> list[dict[str, Any]]:
    """Items grouped under the paragraph (a label such as '✅ **USE quando:**') before them."""
    groups: list[dict[str, Any]] = []
    for block in part:
        if block.kind == "para" and block.indent == 0:
            groups.append({"title": strip_markup(block.text).rstrip(" :"), "items": []})
        elif block.kind == "item" and block.indent == 0:
            if not groups:
                groups.append({"title": "", "items": []})
            groups[-1]["items"].append(strip_markup(block.text))
    return [group for group in groups if group["items"] or group["title"]]


def _overview(blocks: list[Block]) -> dict[str, Any]:
    found: dict[str, Any] = {"title": "", "sections": []}
    for heading, body in sections(blocks, 2):
        if any(word in fold(heading.text) for word in _OVERVIEW):
            found["title"] = strip_markup(heading.text)
            for sub, part in sections(body, 3):
                found["sections"].append({"title": strip_markup(sub.text), "groups": _groups(part)})
            break
    return found


def _related(blocks: list[Block]) -> list[dict[str, str]]:
    out = []
    for block in _h2(blocks, _RELATED):
        if block.kind == "item":
            title, rest = split_bold_title(block.text)
            out.append({"label": title or "", "value": strip_markup(rest if title else block.text)})
    return out


def _labels_after_last_rule(blocks: list[Block]) -> dict[str, str]:
    """The footer: '**Próxima revisão:** ...' lines after the document's last '---'."""
    last_rule = max((i for i, b in enumerate(blocks) if b.kind == "rule"), default=-1)
    footer: dict[str, str] = {}
    if last_rule < 0:
        return footer
    for block in blocks[last_rule + 1 :]:
        if block.kind == "para" and (label := label_of(block.text)):
            footer[strip_markup(label[0])] = strip_markup(label[1])
    return footer


def overview(blocks: list[Block]) -> dict[str, Any]:
    footer = _labels_after_last_rule(blocks)
    next_review = next(
        (value for name, value in footer.items() if _NEXT_REVIEW.search(fold(name))), None
    )
    return {
        **_overview(blocks),
        "related_documents": _related(blocks),
        "footer": footer,
        "next_review": next_review,
    }
