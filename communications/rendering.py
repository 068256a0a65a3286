"""Stakeholder messages filled in from an incident.

Templates are written by people in the editor, so they run in their own fresh
Django template engine: the default tags and filters only, no template loading,
and only the context built here. Email HTML is made by an autoescaping engine;
Slack, SMS and the status page text are plain text."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.template import Context, Engine, Template
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from incidents.models import Incident, IncidentStatus

from .models import MessageTemplate, TemplateKind, label_of
from .models.messages import SMS_LIMIT
from .sandbox import TemplateTooBig, oversized_number, render_bounded, too_big_message

PARTS = ("email_subject", "email_body", "slack_text", "sms_text", "public_text")
CONTEXT_NAMES = (
    "title",
    "reference",
    "impact",
    "status",
    "severity",
    "started_at",
    "forecast",
    "next_update",
    "updates_every",
    "link",
    "status_page",
)
FORBIDDEN_TAGS = {"debug", "load", "include", "extends"}

TEXT_ENGINE = Engine(loaders=[], autoescape=False, debug=True)
HTML_ENGINE = Engine(loaders=[], autoescape=True, debug=True)

EMAIL_HTML_LAYOUT = HTML_ENGINE.from_string(
    '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#1b1f24">'
    '<h2 style="font-size:18px">{{ subject }}</h2>'
    "{{ body|linebreaks }}"
    "</body></html>"
)

DATE_FORMATS = {"pt-br": ("d/m/Y H:i T", "H:i"), "en": ("M j, Y, H:i T", "H:i")}


class TemplateProblem(Exception):
    """A template part that cannot be compiled or rendered, said for its editor."""

    def __init__(self, part: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.part = part
        self.message = message
        self.line = line

    def __str__(self) -> str:
        label = capfirst(str(PART_LABELS.get(self.part, self.part)))
        if self.line:
            return _("%(part)s, line %(line)s: %(message)s") % {
                "part": label,
                "line": self.line,
                "message": self.message,
            }
        return f"{label}: {self.message}"


PART_LABELS = {name: label_of(MessageTemplate, name) for name in PARTS}


@dataclass
class RenderedMessage:
    email_subject: str = ""
    email_body: str = ""
    slack_text: str = ""
    sms_text: str = ""
    public_text: str = ""
    sms_original_length: int = 0
    problems: list[TemplateProblem] = field(default_factory=list)

    @property
    def sms_truncated(self) -> bool:
        return self.sms_original_length > SMS_LIMIT

    @property
    def email_html(self) -> str:
        return email_html(self.email_subject, self.email_body)

    def texts(self) -> dict[str, str]:
        """The filled-in text of every part, by part name."""
        return {part: getattr(self, part) for part in PARTS}


def email_html(subject: str, body: str) -> str:
    """The HTML alternative of an email: every character of the text escaped."""
    return EMAIL_HTML_LAYOUT.render(Context({"subject": subject, "body": body}))


def normalize_text(text: str | None) -> str:
    """Line breaks as browsers and mail both agree on them; no outer whitespace."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def fit_sms(text: str) -> tuple[str, int]:
    """One line of at most 160 characters, cut at a word with an ellipsis if longer."""
    flat = " ".join(text.split())
    if len(flat) <= SMS_LIMIT:
        return flat, len(flat)
    cut = flat[: SMS_LIMIT - 1]
    space = cut.rfind(" ")
    if space > SMS_LIMIT // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…", len(flat)


def _format(moment: datetime | None, language: str, which: int) -> str:
    if moment is None:
        return ""
    fmt = DATE_FORMATS.get(language, DATE_FORMATS["en"])[which]
    return dateformat.format(timezone.localtime(moment), fmt)


def incident_context(
    incident: Incident,
    *,
    language: str,
    impact: str,
    forecast: str,
    kind: str,
    cadence_minutes: int | None,
    now: datetime | None = None,
) -> dict[str, str]:
    """Everything a template may use, as plain strings, in the template's language."""
    now = now or timezone.now()
    next_update = None
    if cadence_minutes and kind != TemplateKind.RESOLVED:
        next_update = now + timedelta(minutes=cadence_minutes)
    with translation.override(language):
        status = str(IncidentStatus(incident.status).label)
    site = settings.SITE_URL.rstrip("/")
    return {
        "title": incident.title,
        "reference": incident.reference,
        "impact": impact.strip(),
        "status": status,
        "severity": incident.severity,
        "started_at": _format(incident.opened_at, language, 0),
        "forecast": forecast.strip(),
        "next_update": _format(next_update, language, 1),
        "updates_every": str(cadence_minutes or ""),
        "link": site + reverse("incidents:detail", args=[incident.pk]),
        "status_page": site + reverse("communications:status_page"),
    }


def sample_context(language: str) -> dict[str, str]:
    """What the template editor previews with: a made-up incident."""
    english = language == "en"
    site = settings.SITE_URL.rstrip("/")
    return {
        "title": "Checkout fails for some customers" if english else "Falha no checkout",
        "reference": "INC-42",
        "impact": (
            "About 20% of payments fail with an error."
            if english
            else "Cerca de 20% dos pagamentos falham com erro."
        ),
        "status": "Acknowledged" if english else "Reconhecido",
        "severity": "P1",
        "started_at": "Nov 29, 2026, 14:05 -03" if english else "29/11/2026 14:05 -03",
        "forecast": "by 16:00" if english else "até as 16h",
        "next_update": "14:35",
        "updates_every": "30",
        "link": site + "/incidents/42/",
        "status_page": site + "/status/",
    }


def _check_tags(part: str, source: str) -> None:
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0] if token.contents else ""
            if name in FORBIDDEN_TAGS:
                raise TemplateProblem(
                    part,
                    _("The {%% %(tag)s %%} tag is not available in message templates.")
                    % {"tag": name},
                    token.lineno,
                )


def compile_part(part: str, source: str, engine: Engine = TEXT_ENGINE) -> Template:
    _check_tags(part, source)
    oversized = oversized_number(source)
    if oversized is not None:
        raise TemplateProblem(part, too_big_message(), oversized[1])
    try:
        return engine.from_string(source)
    except Exception as exc:  # a syntax error: say where, never a 500
        raise _problem(part, exc) from None


def _problem(part: str, exc: Exception) -> TemplateProblem:
    info = getattr(exc, "template_debug", None) or {}
    return TemplateProblem(part, str(info.get("message") or exc), info.get("line"))


def render_part(part: str, source: str, context: dict[str, Any]) -> str:
    template = compile_part(part, source)
    try:
        return render_bounded(template, context)
    except TemplateTooBig as exc:
        raise TemplateProblem(part, str(exc)) from None
    except Exception as exc:
        raise _problem(part, exc) from None


_CADENCE_SENTENCE = re.compile(
    r"[^.!?\n]*\{\{\s*updates_every\b[^}]*\}\}[^.!?\n]*(?:[.!?]+[ \t]*)?"
)


def without_cadence_sentences(source: str) -> str:
    """The template with every sentence that states the update interval left out: for
    severities with no cadence, so nobody reads "every  minutes"."""
    return _CADENCE_SENTENCE.sub("", source)


def render_parts(parts: dict[str, str], context: dict[str, Any]) -> RenderedMessage:
    """Fill in every part; problems are collected (one per part), never raised. With no
    update cadence, sentences naming it are left out."""
    result = RenderedMessage()
    for part in PARTS:
        source = parts.get(part, "")
        if not context.get("updates_every"):
            source = without_cadence_sentences(source)
        try:
            text = render_part(part, source, context)
        except TemplateProblem as problem:
            result.problems.append(problem)
            continue
        if part == "sms_text":
            text, result.sms_original_length = fit_sms(text)
        elif part == "email_subject":
            text = " ".join(text.split())
        else:
            text = text.strip()
        setattr(result, part, text)
    return result


def render_template(template: MessageTemplate, context: dict[str, Any]) -> RenderedMessage:
    return render_parts({part: getattr(template, part) for part in PARTS}, context)


__all__ = [
    "CONTEXT_NAMES",
    "PARTS",
    "RenderedMessage",
    "TemplateProblem",
    "email_html",
    "fit_sms",
    "incident_context",
    "render_parts",
    "render_template",
    "sample_context",
]
