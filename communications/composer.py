"""What the composer shows (the incident page's panel and the compose page): read with
this app's selectors, a form filled in from the template, and the exact preview."""

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from incidents.models import Incident

from .forms import ComposerForm
from .models import TemplateKind
from .rendering import RenderedMessage, email_html, fit_sms
from .selectors import comms_summary, filled_template, suggested_kind

SEND_PERM = "communications.send_communication"


def _language(request: HttpRequest) -> str:
    code = (get_language() or "pt-br").lower()
    return "en" if code.startswith("en") else "pt-br"


def fill(
    incident: Incident, kind: str, language: str, impact: str, forecast: str
) -> tuple[RenderedMessage | None, list[str]]:
    """The template filled in, and what to tell the sender about it."""
    rendered = filled_template(
        incident, kind=kind, language=language, impact=impact, forecast=forecast
    )
    if rendered is None:
        return None, [_("There is no template for this message in this language.")]
    return rendered, [
        _("The template has a problem (fix it in the template editor): %(problem)s")
        % {"problem": str(p)}
        for p in rendered.problems
    ]


def composer_context(
    request: HttpRequest, incident: Incident, form: ComposerForm | None = None, **extra: Any
) -> dict[str, Any]:
    """What the panel needs; without a form, a fresh one filled in from the template."""
    errors: list[str] = list(extra.pop("errors", []))
    summary = comms_summary(incident)
    if form is None:
        state = summary.state
        kind, language = suggested_kind(incident, summary), _language(request)
        if request.GET.get("kind") in TemplateKind.values:  # e.g. offered by a published review
            kind = str(request.GET["kind"])
        rendered, problems = fill(incident, kind, language, state.impact, state.forecast)
        errors += problems
        initial = {
            "kind": kind,
            "language": language,
            "impact": state.impact,
            "forecast": state.forecast,
            "public": state.public,
            "public_title": state.public_title,
        }
        if rendered is not None:
            initial.update(rendered.texts())
        form = ComposerForm(data=initial)
    preview = _preview(form)
    return {
        "incident": incident,
        "comms": summary,
        "composer": form,
        "preview": preview,
        "comms_errors": errors,
        "can_send": request.user.has_perm(SEND_PERM),
        **extra,
    }


def _preview(form: ComposerForm) -> dict[str, Any] | None:
    """Exactly what will go out, with the token and fingerprint the Send button carries."""
    if not form.is_valid():
        return None
    texts = form.texts()
    sms, length = fit_sms(texts.get("sms_text", ""))
    return {
        **texts,
        "sms_text": sms,
        "sms_length": len(sms),
        "sms_original_length": length,
        "sms_truncated": length > len(sms),
        "email_html": email_html(texts.get("email_subject", ""), texts.get("email_body", "")),
        "digest": form.digest(),
        "token": uuid.uuid4().hex,
    }
