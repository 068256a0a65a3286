import json
import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from incidents.templatetags.incident_tags import minutes_label

register = template.Library()


@register.filter
def rule_trigger(rule: Any) -> str:
    if rule.after_minutes is not None:
        return _("after %(t)s") % {"t": minutes_label(rule.after_minutes)}
    if rule.recurrence_count is not None:
        return _("more than %(n)s× in %(t)s") % {
            "n": rule.recurrence_count,
            "t": minutes_label(rule.recurrence_window_minutes),
        }
    return _("immediately")


@register.filter
def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


_INLINE_CODE = re.compile(r"`([^`\n]+)`")


@register.filter
def inline_code(text: str) -> SafeString:
    """Playbook text keeps Markdown's `code` spans; show them as code, everything escaped."""
    escaped = str(conditional_escape(text))
    return mark_safe(_INLINE_CODE.sub(r"<code>\1</code>", escaped))  # noqa: S308 - escaped above
