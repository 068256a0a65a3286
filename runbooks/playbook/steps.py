"""Turn the blocks under one scenario label (Diagnosis, Verification...) into steps.

Shapes understood:
- numbered or bullet items, optionally starting with a bold title; an indented fenced
  shell block under an item is its command, sub-items are extra detail lines;
- case headers on their own line (``**Caso 1: ...**``, ``**Case 2: ...**``,
  ``**Opção 3: ...**``) that group what follows; in a root-cause section a bullet
  with a bold title and children (``- **Se ...:**``) is a case as well;
- a fenced block directly under the label, split into steps at ``# 1. Title`` comments.
"""

from __future__ import annotations

import re

from .blocks import Block, Node, tree
from .checks import find_check
from .model import CodeSnippet, Step
from .text import fold, split_bold_title, strip_markup, whole_bold

SHELL_LANGUAGES = {"", "bash", "sh", "shell", "console", "zsh", "text", "txt", "plain"}
CASE_SECTIONS = {"immediate_action", "root_cause"}
_CASE_WORD = re.compile(r"^(?:caso|case|opcao|option|alternativa|alternative)\s*\d*\b")
_NUMBERED_COMMENT = re.compile(r"^#\s*\d+[.)]\s+(?P<title>.+)$")


def case_title(text: str) -> str | None:
    """Title of a case header paragraph, or None when the line is not one."""
    title = whole_bold(text)
    if title is not None:
        return title.rstrip(" :")
    head, rest = split_bold_title(text)
    if head and _CASE_WORD.match(fold(head)):
        return f"{head}: {strip_markup(rest)}" if rest else head
    return None


def _trimmed(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _comment_text(line: str) -> str:
    return line.strip().lstrip("#").strip()


def add_code(step: Step, lang: str, lines: list[str]) -> None:
    """A fenced block joins the step: shell as its command, other code as a snippet."""
    lines = _trimmed(lines)
    if not lines:
        return
    text = "\n".join(lines)
    if lang not in SHELL_LANGUAGES:
        if step.code is None:
            step.code = CodeSnippet(language=lang, text=text)
        else:
            step.code.text += "\n\n" + text
        return
    if all(line.strip().startswith("#") for line in lines if line.strip()):
        step.details.extend(_comment_text(line) for line in lines if line.strip())
        return
    step.command = text if step.command is None else f"{step.command}\n\n{text}"


def absorb(step: Step, nodes: list[Node]) -> None:
    """Children of an item: fences become its command, items and text its details."""
    for node in nodes:
        block = node.block
        if block.kind == "fence":
            add_code(step, block.lang, block.body)
        elif block.kind in ("item", "para"):
            step.details.append(strip_markup(block.text))
        absorb(step, node.children)


def _step_from_item(node: Node, section: str, case: str | None) -> Step:
    title, rest = split_bold_title(node.block.text)
    text = title if title else strip_markup(node.block.text)
    step = Step(section=section, text=text.rstrip(" :"), case=case, line=node.block.line)
    if title and rest:
        step.details.append(strip_markup(rest))
    absorb(step, node.children)
    return step


def _fence_title(lines: list[str]) -> str:
    for line in lines:
        if line.strip():
            return _comment_text(line) if line.strip().startswith("#") else line.strip()
    return ""


def _steps_from_fence(block: Block, section: str) -> list[Step]:
    """A bare fenced block, split at '# 1. Title' comments when it has them."""
    chunks: list[tuple[str, int, list[str]]] = []
    preamble: list[str] = []
    for offset, line in enumerate(block.body):
        match = _NUMBERED_COMMENT.match(line.strip())
        if match and block.lang in SHELL_LANGUAGES:
            chunks.append((match["title"].strip(), block.line + 1 + offset, []))
        elif chunks:
            chunks[-1][2].append(line)
        else:
            preamble.append(line)
    if not chunks:
        step = Step(section=section, text=_fence_title(block.body).rstrip(" :"), line=block.line)
        add_code(step, block.lang, block.body)
        return [step]
    steps = []
    for title, start, lines in chunks:
        step = Step(section=section, text=title.rstrip(" :"), line=start)
        add_code(step, block.lang, lines)
        steps.append(step)
    first = steps[0]
    commands = [line for line in preamble if line.strip() and not line.strip().startswith("#")]
    first.details[:0] = [_comment_text(line) for line in preamble if line.strip().startswith("#")]
    if commands:
        first.command = "\n".join(commands + ([first.command] if first.command else []))
    return steps


class _Builder:
    def __init__(self, section: str) -> None:
        self.section = section
        self.steps: list[Step] = []
        self.case: str | None = None
        self.case_steps: list[Step] = []

    def holder(self, line: int) -> Step:
        """The step that collects loose content of the current case."""
        if not self.case_steps:
            step = Step(section=self.section, text=self.case or "", case=self.case, line=line)
            self.steps.append(step)
            self.case_steps.append(step)
        return self.case_steps[-1]

    def open_case(self, title: str) -> None:
        self.case = title
        self.case_steps = []

    def add(self, step: Step) -> None:
        self.steps.append(step)
        if self.case is not None:
            self.case_steps.append(step)

    def node(self, node: Node) -> None:
        block = node.block
        if block.kind == "heading":  # '#### Case 2: ...' under a case-capable label
            self.open_case(strip_markup(block.text).rstrip(" :"))
            return
        if block.kind == "para" and self.section in CASE_SECTIONS:
            title = case_title(block.text)
            if title:
                self.open_case(title)
                return
        if block.kind == "item":
            self._item(node)
        elif block.kind == "fence":
            if self.case is not None:
                add_code(self.holder(block.line), block.lang, block.body)
            else:
                self.steps.extend(_steps_from_fence(block, self.section))
        elif block.kind == "para":
            if self.case is not None:
                self.holder(block.line).details.append(strip_markup(block.text))
            else:
                self.add(Step(section=self.section, text=strip_markup(block.text), line=block.line))

    def _item(self, node: Node) -> None:
        block = node.block
        title, _ = split_bold_title(block.text)
        if self.case is not None and not block.numbered:
            holder = self.holder(block.line)
            holder.details.append(strip_markup(block.text))
            absorb(holder, node.children)
        elif self.section == "root_cause" and not block.numbered and title and node.children:
            self.open_case(title)
            self.add(_step_from_item(node, self.section, title))
            self.case = None
            self.case_steps = []
        else:
            self.add(_step_from_item(node, self.section, self.case))


def build_steps(section: str, blocks: list[Block]) -> list[Step]:
    builder = _Builder(section)
    for node in tree(blocks):
        builder.node(node)
    for step in builder.steps:
        step.check = find_check(step.command)
    return [step for step in builder.steps if step.text or step.command or step.details]
