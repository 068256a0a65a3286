"""The communication templates a playbook contains, as that team's templates
(settings.PLAYBOOK_IMPORTERS).

A playbook's example message is written for one incident ("**Impacto:** Sistema
completamente indisponível", "a cada 30 minutos"): its labelled lines become the
incident's facts and its interval the severity's cadence. It replaces the email parts
of the template of that kind in the playbook's language, unless someone edited that
template in the tool (then the team's edit wins and the import says so)."""

import re
from typing import Any

from django.db import transaction

from .models import MessageTemplate, TemplateKind
from .rendering import TemplateProblem, compile_part

KINDS = {
    "incident_notification": TemplateKind.NOTIFICATION,
    "status_update": TemplateKind.STATUS_UPDATE,
    "incident_resolved": TemplateKind.RESOLVED,
}
# "**Impacto:** text" -> "Impacto: {{ impact }}", in either language.
_FACTS = (
    ("impact", re.compile(r"^(?P<label>\*{0,2}(?:impacto|impact)\*{0,2}:\*{0,2}).*$", re.I)),
    ("status", re.compile(r"^(?P<label>\*{0,2}(?:status|situa\w+)\*{0,2}:\*{0,2}).*$", re.I)),
    (
        "forecast",
        re.compile(r"^(?P<label>\*{0,2}(?:previs\w+|forecast|eta)\*{0,2}:\*{0,2}).*$", re.I),
    ),
)
_EVERY = re.compile(r"(?P<lead>(?:a cada|every)\s+)\d+(?:[.,]\d+)?(?P<unit>\s*min\w*)", re.I)
_SUBJECT_TAG = re.compile(r"^\s*(\[[^\]]+\])")


def _escape(text: str) -> str:
    """Playbook text is literal: anything that looks like template syntax stays text."""
    return (
        text.replace("{%", "{% templatetag openblock %}")
        .replace("%}", "{% templatetag closeblock %}")
        .replace("{{", "{% templatetag openvariable %}")
        .replace("}}", "{% templatetag closevariable %}")
    )


def template_body(body: str) -> str:
    lines = []
    for raw in body.splitlines():
        line = _escape(raw)
        for name, pattern in _FACTS:
            if match := pattern.match(raw.strip()):
                label = match["label"].replace("*", "")
                line = f"{label} {{{{ {name} }}}}"
                break
        line = _EVERY.sub(lambda m: f"{m['lead']}{{{{ updates_every }}}}{m['unit']}", line)
        lines.append(line.replace("**", ""))
    return "\n".join(lines).strip()


def template_subject(subject: str) -> str:
    tag = _SUBJECT_TAG.match(subject)
    return f"{_escape(tag[1])} {{{{ title }}}}" if tag else "{{ title }}"


def import_templates(playbook: Any) -> list[str]:
    language = "en" if playbook.language.startswith("en") else "pt-br"
    lines: list[str] = []
    for found in playbook.communication.get("templates", []):
        kind = KINDS.get(found.get("kind", ""))
        if kind is None or not found.get("body"):
            continue
        parts = {
            "email_subject": template_subject(found.get("subject") or ""),
            "email_body": template_body(found["body"]),
        }
        try:
            for part, source in parts.items():
                compile_part(part, source)
        except TemplateProblem as problem:
            lines.append(f"template {kind} ({language}) not imported: {problem}")
            continue
        lines += _apply(kind, language, parts)
    return lines


def _apply(kind: str, language: str, parts: dict[str, str]) -> list[str]:
    label = f"template {TemplateKind(kind).label} ({language})"
    with transaction.atomic():
        template = (
            MessageTemplate.objects.select_for_update().filter(kind=kind, language=language).first()
        )
        if template is None:
            MessageTemplate.objects.create(
                kind=kind,
                language=language,
                slack_text=parts["email_body"],
                sms_text="{{ title }}",
                public_text=parts["email_body"],
                **parts,
            )
            return [f"{label}: created from the playbook"]
        if template.updated_by_id is not None:
            return [f"{label}: kept, edited in the tool"]
        changed = [name for name, value in parts.items() if getattr(template, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(template, name, parts[name])
        template.save(update_fields=[*changed, "updated_at"])
        return [f"{label}: {', '.join(changed)} from the playbook"]
