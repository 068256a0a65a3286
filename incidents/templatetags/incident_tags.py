from datetime import datetime, timedelta
from typing import Any

from django import template
from django.template.loader import select_template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import selectors
from ..bidi import isolate
from ..durations import short_duration
from ..models import TimelineEvent
from ..panels import Panel
from ..selectors import display_name

register = template.Library()


@register.simple_tag
def countdown(deadline: datetime | None, now: datetime | None = None) -> str:
    """A deadline as 'in 12 min' or 'overdue by 3 min'; static/js/app.js keeps it ticking."""
    if deadline is None:
        return ""
    now = now or timezone.now()
    left = deadline - now
    overdue = left.total_seconds() < 0
    text = (
        _("overdue by %(t)s") % {"t": short_duration(left)}
        if overdue
        else _("in %(t)s") % {"t": short_duration(left)}
    )
    css = "countdown is-overdue" if overdue else "countdown"
    return format_html(
        '<time class="{}" datetime="{}" data-deadline="{}">{}</time>',
        css,
        deadline.isoformat(),
        deadline.isoformat(),
        text,
    )


@register.simple_tag(takes_context=True)
def timeline_entry(context: template.Context, event: TimelineEvent) -> str:
    tpl = select_template([f"timeline/{event.kind}.html", "timeline/_generic.html"])
    return tpl.render({"event": event, "data": event.data}, context.get("request"))


@register.simple_tag(takes_context=True)
def render_panel(context: template.Context, panel: Panel) -> SafeString:
    """Another app's panel (incidents.panels): its template, with its context added to
    the page's, so it sees the incident, perms, request and CSRF token as the page does."""
    tpl = context.template.engine.get_template(panel.template)  # type: ignore[union-attr]
    with context.push(**panel.context):
        return tpl.render(context)


@register.filter
def role_label(key: str) -> str:
    return selectors.role_label(key)


@register.filter
def minutes_label(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    return short_duration(timedelta(minutes=minutes))


@register.filter(name="display_name")
def display_name_filter(user: Any) -> str:
    return display_name(user)


@register.filter(name="bdi")
def bdi(value: Any) -> SafeString:
    """Text a person wrote, isolated (<bdi>): an RTL override in it cannot reorder the rest
    of the line. Escaped like any output."""
    return isolate(value)


@register.filter
def bdi_list(values: Any) -> SafeString:
    """Several people's names, each isolated (<bdi>), comma-separated."""
    return format_html_join(", ", "{}", ((isolate(value),) for value in values or []))
