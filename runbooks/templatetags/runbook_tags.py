import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from ..declare import picker_context
from ..selectors import checklist_for, scenarios_for_picker

register = template.Library()


@register.inclusion_tag("runbooks/_panel.html", takes_context=True)
def runbook_panel(context: template.Context, incident: Any) -> dict[str, Any]:
    """The incident's checklist, or the form to attach a scenario when it has none."""
    checklist = checklist_for(incident)
    data: dict[str, Any] = {
        "incident": incident,
        "checklist": checklist,
        "perms": context.get("perms"),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "user": context.get("user"),
    }
    if checklist is None:
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        query["title"] = incident.title
        query["description"] = incident.description
        data["picker"] = picker_context(query)
    else:
        data["all_scenarios"] = scenarios_for_picker()
    return data


@register.filter
def rule_trigger(rule: Any) -> str:
    from django.utils.translation import gettext as _

    from incidents.templatetags.incident_tags import minutes_label

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
    import json

    return json.dumps(value, ensure_ascii=False)


_INLINE_CODE = re.compile(r"`([^`\n]+)`")


@register.filter
def inline_code(text: str) -> SafeString:
    """Playbook text keeps Markdown's `code` spans; show them as code, everything escaped."""
    escaped = str(conditional_escape(text))
    return mark_safe(_INLINE_CODE.sub(r"<code>\1</code>", escaped))  # noqa: S308 - escaped above
