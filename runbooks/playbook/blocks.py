"""Split Markdown into line-level blocks and group list items with their children.

Only the subset of Markdown playbooks use: ATX headings, fenced code, bullet and
numbered lists, pipe tables, bold labels on their own line, horizontal rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import PlaybookSyntaxError

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[^`\s]*)[^`]*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d+[.)])\s+(?P<text>.*)$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass
class Block:
    kind: str  # heading | fence | item | table | para | rule
    line: int
    indent: int = 0
    text: str = ""
    level: int = 0  # heading level
    marker: str = ""  # list marker: "-" or "1."
    lang: str = ""  # fence info string
    body: list[str] = field(default_factory=list)  # fence lines
    cells: list[str] = field(default_factory=list)  # table cells

    @property
    def numbered(self) -> bool:
        return self.marker[:1].isdigit()


@dataclass
class Node:
    block: Block
    children: list[Node] = field(default_factory=list)


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _dedent(lines: list[str], indent: int) -> list[str]:
    out = []
    for line in lines:
        cut = min(indent, _indent_of(line))
        out.append(line[cut:].rstrip())
    while out and not out[-1].strip():
        out.pop()
    return out


def _split_cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def tokenize(text: str) -> list[Block]:
    """Blocks in document order; blank lines and table separators are dropped."""
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        number = index + 1
        index += 1
        fence = _FENCE.match(line)
        if fence:
            indent = len(fence["indent"].expandtabs(4))
            mark = fence["fence"]
            body: list[str] = []
            while True:
                if index >= len(lines):
                    expected = f"a closing {mark[:3]} for the code block opened here"
                    raise PlaybookSyntaxError(number, expected, "end of file")
                current = lines[index].rstrip()
                index += 1
                stripped = current.strip()
                if stripped.startswith(mark[0] * len(mark)) and not stripped.strip(mark[0]):
                    break
                body.append(current.expandtabs(4))
            lang = fence["lang"].lower()
            blocks.append(Block("fence", number, indent, lang=lang, body=_dedent(body, indent)))
            continue
        if not line.strip():
            continue
        indent = _indent_of(line.expandtabs(4))
        heading = _HEADING.match(line)
        if heading and indent == 0:
            blocks.append(Block("heading", number, 0, heading[2], level=len(heading[1])))
        elif _RULE.match(line):
            blocks.append(Block("rule", number, indent))
        elif line.strip().startswith("|"):
            if not _TABLE_SEP.match(line):
                blocks.append(Block("table", number, indent, cells=_split_cells(line)))
        elif item := _ITEM.match(line.expandtabs(4)):
            text = item["text"].strip()
            blocks.append(Block("item", number, indent, text, marker=item["marker"]))
        else:
            blocks.append(Block("para", number, indent, line.strip()))
    return blocks


MAX_NESTING = 12


def tree(blocks: list[Block]) -> list[Node]:
    """Attach blocks indented deeper than a list item to that item."""
    roots: list[Node] = []
    stack: list[Node] = []
    for block in blocks:
        node = Node(block)
        while stack and block.indent <= stack[-1].block.indent:
            stack.pop()
        if len(stack) >= MAX_NESTING:
            raise PlaybookSyntaxError(
                block.line, f"lists nested at most {MAX_NESTING} levels deep", "deeper nesting"
            )
        if stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        if block.kind == "item":
            stack.append(node)
    return roots


def flatten_text(nodes: list[Node]) -> list[str]:
    """Every list item and paragraph below ``nodes``, depth first, as text lines."""
    out: list[str] = []
    for node in nodes:
        if node.block.kind in ("item", "para"):
            out.append(node.block.text)
        out.extend(flatten_text(node.children))
    return out


def sections(blocks: list[Block], level: int) -> list[tuple[Block, list[Block]]]:
    """(heading, blocks until the next heading of ``level`` or higher) pairs."""
    out: list[tuple[Block, list[Block]]] = []
    for block in blocks:
        if block.kind == "heading" and block.level <= level:
            out.append((block, []))
        elif out:
            out[-1][1].append(block)
    return [(heading, body) for heading, body in out if heading.level == level]
