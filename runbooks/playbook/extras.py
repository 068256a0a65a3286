"""Best-effort parts of a playbook outside the scenarios.

Metadata, notification channels, communication templates, the post-incident review
process and the quick reference. Missing parts give empty values, never errors.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from .blocks import Block, sections
from .rules import RECURRENCE, recurrence_from
from .tables import group_tables
from .text import ARROW, DURATION, duration_minutes, fold, label_of, slug, split_bold_title
from .text import strip_markup as clean

_SUBJECT = re.compile(r"^(?:assunto|subject)\s*:\s*(?P<subject>.+)$", re.IGNORECASE)
_EVERY = re.compile(r"(?:a cada|every)\s+" + DURATION.pattern, re.IGNORECASE)
_URL = re.compile(r"https?://[^\s)`>]+")


def _h2(blocks: list[Block], *words: str) -> list[Block]:
    for heading, body in sections(blocks, 2):
        if any(word in fold(heading.text) for word in words):
            return body
    return []


def metadata(blocks: list[Block]) -> tuple[str | None, dict[str, str]]:
    title = None
    data: dict[str, str] = {}
    for block in blocks:
        if block.kind == "heading" and block.level == 1 and title is None:
            title = clean(block.text)
        elif block.kind == "heading" and block.level == 2:
            break
        elif block.kind == "para" and (label := label_of(block.text)):
            data[label[0]] = clean(label[1])
    return title, data


def notification_channels(blocks: list[Block]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    collecting = False
    for block in blocks:
        if block.kind == "para" and (label := label_of(block.text)):
            name = fold(label[0])
            collecting = "channel" in name or "canais" in name or "canal" in name
        elif block.kind == "item" and collecting:
            title, rest = split_bold_title(block.text)
            if title:
                out.append({"level": slug(title), "label": title, "text": clean(rest)})
            else:
                out.append({"level": "", "label": "", "text": clean(block.text)})
        elif block.kind != "item":
            collecting = False
    return out


def _template_kind(text: str) -> str:
    folded = fold(text)
    for kind, words in (
        ("incident_resolved", ("resolv", "resolu", "normaliz")),
        ("status_update", ("atualiza", "update")),
        ("post_mortem", ("post-mortem", "postmortem", "pos-mortem")),
        (
            "incident_notification",
            (
                "notifica",
                "notification",
                "incident",
                "indisponi",
                "notice",
                "aviso",
                "outage",
                "disrupt",
                "interrup",
            ),
        ),
    ):
        if any(word in folded for word in words):
            return kind
    return slug(text)


def communication(blocks: list[Block]) -> dict[str, Any]:
    body = _h2(blocks, "communication", "comunicacao", "comunicados", "templates", "modelos")
    templates = []
    for heading, part in sections(body, 3):
        for block in part:
            if block.kind != "fence" or block.lang not in ("markdown", "md", "text", "txt", ""):
                continue
            lines = block.body
            found = next((i for i, line in enumerate(lines) if _SUBJECT.match(line)), None)
            if found is None and block.lang not in ("markdown", "md"):
                continue
            subject = ""
            if found is not None:
                subject = lines[found].split(":", 1)[1]
                lines = lines[found + 1 :]
            text = "\n".join(lines)
            every = _EVERY.search(text)
            templates.append(
                {
                    "title": clean(heading.text),
                    "kind": _template_kind(f"{heading.text} {subject}"),
                    "subject": subject.strip(),
                    "body": text.strip("\n"),
                    "update_interval_minutes": duration_minutes(every) if every else None,
                    "line": block.line,
                }
            )
    files = []
    for table in group_tables(body):
        if any(word in fold(" ".join(table.header)) for word in ("template", "modelo")):
            for _line, cells in table.rows:
                files.append([clean(cell) for cell in cells])
    return {"templates": templates, "template_table": files}


def post_incident_review(blocks: list[Block]) -> dict[str, Any]:
    body = _h2(blocks, "post-incident", "pos-incidente", "post-mortem", "postmortem", "revisao")
    review: dict[str, Any] = {
        "mandatory_severities": [],
        "conditional": [],
        "timeline": [],
        "template": None,
        "principles": [],
    }
    for heading, part in sections(body, 3):
        name = fold(heading.text)
        items = [block for block in part if block.kind == "item"]
        if any(word in name for word in ("obrigatori", "mandatory", "required", "quando")):
            for item in items:
                codes = re.findall(r"\bP[0-3]\b", clean(item.text))
                if recurrence := RECURRENCE.search(clean(item.text)):
                    for code in codes:
                        review["conditional"].append(
                            {
                                "severity": code,
                                "recurrence": asdict(recurrence_from(recurrence)),
                                "text": clean(item.text),
                            }
                        )
                else:
                    review["mandatory_severities"].extend(codes)
        elif any(word in name for word in ("timeline", "cronograma", "prazo", "linha do tempo")):
            review["timeline"].extend(_timeline_entry(clean(item.text)) for item in items)
        elif any(word in name for word in ("template", "modelo", "estrutura")):
            for block in part:
                if block.kind == "fence":
                    headings = [line[3:].strip() for line in block.body if line.startswith("## ")]
                    review["template"] = {"text": "\n".join(block.body), "sections": headings}
        elif "blameless" in name or "cultura" in name or "culture" in name:
            review["principles"].extend(clean(item.text) for item in items)
    return review


def _timeline_entry(text: str) -> dict[str, Any]:
    parts = ARROW.split(text)
    if len(parts) == 3 and (match := DURATION.search(parts[1])):
        return {"from": parts[0], "after_minutes": duration_minutes(match), "to": parts[2]}
    return {"from": None, "after_minutes": None, "to": None, "text": text}


def _commands(lines: list[str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#"):
            out.append({"title": stripped.lstrip("#").strip(), "command": ""})
        elif stripped and out:
            out[-1]["command"] = "\n".join(filter(None, (out[-1]["command"], stripped)))
        elif stripped:
            out.append({"title": "", "command": stripped})
    return [entry for entry in out if entry["command"]]


def quick_reference(blocks: list[Block]) -> dict[str, Any]:
    body = _h2(blocks, "quick reference", "referencia rapida", "cheat sheet", "guia rapido")
    reference: dict[str, Any] = {
        "emergency_commands": [],
        "dashboards": [],
        "status_pages": [],
        "contacts": [],
    }
    for heading, part in sections(body, 3):
        name = fold(heading.text)
        key = (
            "status_pages" if "status" in name
            else "contacts" if "contat" in name or "contact" in name
            else "dashboards" if any(w in name for w in ("dashboard", "painel", "paineis", "url"))
            else slug(heading.text)
        )  # fmt: skip
        for block in part:
            if block.kind == "fence":
                reference["emergency_commands"].extend(_commands(block.body))
            elif block.kind == "item":
                title, rest = split_bold_title(block.text)
                value = clean(rest if title else block.text)
                url = _URL.search(value)
                entry = {"label": title or "", "value": value, "url": url[0] if url else None}
                reference.setdefault(key, []).append(entry)
    return reference
