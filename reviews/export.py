"""A review as a Markdown document, in the playbook's post-mortem template and the review's
language. Raw HTML is escaped and links other than http(s)/mailto are dropped, so the file
stays inert wherever it is rendered."""

import re

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from incidents.durations import short_duration
from incidents.selectors import display_name

from .models import TEXT_SECTIONS, ActionItem, Review
from .sections import section_label

_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?([^)]*)\)")
_REFERENCE_LINK = re.compile(r"^(\s*\[[^\]]+\]:\s*)(\S+)(.*)$", re.MULTILINE)
_SAFE_SCHEME = re.compile(r"^(?:https?://|mailto:|#|/(?!/))", re.IGNORECASE)


def _safe_target(target: str) -> str:
    return target if _SAFE_SCHEME.match(target) else "#"


def inert(text: str) -> str:
    """User Markdown made safe to render anywhere: no raw HTML, no script links."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_LINK.sub(lambda m: f"]({_safe_target(m.group(1))}{m.group(2)})", text)
    return _REFERENCE_LINK.sub(lambda m: m.group(1) + _safe_target(m.group(2)) + m.group(3), text)


def _one_line(text: str) -> str:
    return inert(" ".join((text or "").split()))


def _time(value: str) -> str:
    moment = parse_datetime(value or "")
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


def review_markdown(review: Review, commander: object, items: list[ActionItem]) -> str:
    incident = review.incident
    end = incident.resolved_at or timezone.now()
    with translation.override(review.language):
        lines = [
            f"# {_('Post-mortem')}: {_one_line(incident.title)}",
            "",
            f"**{_('Date')}:** {incident.opened_at:%Y-%m-%d}  ",
            f"**{_('Duration')}:** {short_duration(end - incident.opened_at)}  ",
            f"**{_('Severity')}:** {incident.severity}  ",
            f"**{_('Incident Commander')}:** {_one_line(display_name(commander)) or '—'}  ",
            f"**{_('Status')}:** {review.get_status_display()}",
            "",
            f"## {section_label('timeline')}",
            "",
        ]
        lines += [
            f"- [{_time(line['at'])}] {_one_line(line['text'])}"
            for line in review.timeline
            if line.get("keep")
        ]
        downtime = "—" if review.downtime_minutes is None else str(review.downtime_minutes)
        lines += [
            "",
            f"## {section_label('impact')}",
            "",
            f"- {section_label('users_affected')}: {_one_line(review.users_affected) or '—'}",
            f"- {section_label('downtime_minutes')}: {downtime}",
            f"- {section_label('data_loss')}: {_one_line(review.data_loss) or '—'}",
        ]
        for name in TEXT_SECTIONS:
            lines += [
                "",
                f"## {section_label(name)}",
                "",
                inert(getattr(review, name)).strip() or "—",
            ]
        lines += ["", f"## {section_label('action_items')}", ""]
        for item in items:
            box = "x" if not item.is_open else " "
            owner = _one_line(display_name(item.owner))
            lines.append(
                f"- [{box}] {_one_line(item.title)} - {_('Owner')}: {owner}"
                f" - {_('Due')}: {item.due_date:%Y-%m-%d} - {_('Priority')}: {item.priority}"
                f" - {item.get_type_display()} - {item.get_status_display()}"
            )
        for amendment in review.amendments.all():
            lines += [
                "",
                f"## {_('Correction')} ({amendment.at:%Y-%m-%d})",
                "",
                inert(amendment.text),
            ]
    return "\n".join(lines).rstrip() + "\n"
