"""Bounds for message templates people write: how much text they may make, how long they
may take. A template that would make more (``{{ title|ljust:"30000000" }}``, ``{% lorem
2000000 w %}``, loops in loops) is refused when saved, and stopped if rendered anyway (a
template stored before these bounds): every render goes through ``render_bounded``."""

import re
import time
from typing import Any

from django.conf import settings
from django.template import Context, Template
from django.template.base import Lexer, Node, TokenType
from django.utils.translation import gettext as _

NUMBER = re.compile(r"\d+")
# Tags whose arguments say how much text to make.
SIZING_TAGS = {"lorem"}


class TemplateTooBig(Exception):
    """The template made more text, or took longer, than a message may."""


def max_output_chars() -> int:
    return int(getattr(settings, "MESSAGE_TEMPLATE_MAX_OUTPUT_CHARS", 20_000))


def max_render_seconds() -> float:
    return float(getattr(settings, "MESSAGE_TEMPLATE_MAX_RENDER_SECONDS", 0.5))


def too_big_message() -> str:
    return _(
        "This template would make more than %(chars)s characters or take longer than "
        "%(seconds)s s to fill in: make it smaller."
    ) % {"chars": max_output_chars(), "seconds": max_render_seconds()}


def oversized_number(source: str) -> tuple[int, int | None] | None:
    """(number, line) of the first number in a filter argument or a sizing tag that asks
    for more text than a message may hold, or None."""
    limit = max_output_chars()
    for token in Lexer(source).tokenize():
        contents = token.contents or ""
        if token.token_type == TokenType.VAR:
            arguments = ":".join(part for part in contents.split("|")[1:] if ":" in part)
        elif token.token_type == TokenType.BLOCK and contents.split()[:1] == ["lorem"]:
            arguments = contents
            limit = min(limit, 100)  # a few paragraphs of filler at most
        elif token.token_type == TokenType.BLOCK:
            arguments = "|".join(contents.split("|")[1:])  # filters inside tags ({% if %})
        else:
            continue
        for number in NUMBER.findall(arguments):
            if int(number) > limit:
                return int(number), token.lineno
    return None


def _is_leaf(node: Node) -> bool:
    return not any(getattr(node, attr, None) for attr in node.child_nodelists)


def render_bounded(template: Template, context: dict[str, Any]) -> str:
    """Render with the bounds: TemplateTooBig once the text made passes the size limit or
    the time limit passes (checked at every node, so loops in loops stop too)."""
    limit, deadline = max_output_chars(), time.monotonic() + max_render_seconds()
    made = [0]

    def bounded(node: Node) -> Any:
        inner: Any = node.render_annotated
        leaf = _is_leaf(node)

        def render_annotated(ctx: Context) -> Any:
            if time.monotonic() > deadline:
                raise TemplateTooBig(too_big_message())
            output = inner(ctx)
            if leaf:
                made[0] += len(output)
            if made[0] > limit or len(output) > limit:
                raise TemplateTooBig(too_big_message())
            return output

        return render_annotated

    for node in template.nodelist.get_nodes_by_type(Node):
        node.render_annotated = bounded(node)  # type: ignore[method-assign]
    return template.render(Context(context, autoescape=False))
