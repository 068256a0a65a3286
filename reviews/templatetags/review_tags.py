from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString

from incidents.durations import short_duration
from incidents.models import Incident

from ..prefill import downtime_minutes
from ..sections import section_label as label_of
from ..text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown as sanitised HTML (nh3 allow-list)."""
    return render_markdown(text)


@register.simple_tag
def section_label(name: str) -> str:
    return label_of(name)


@register.simple_tag
def duration(incident: Incident) -> str:
    end = incident.resolved_at or timezone.now()
    return short_duration(end - incident.opened_at)


@register.filter
def computed_downtime(incident: Incident) -> Any:
    minutes = downtime_minutes(incident)
    return "—" if minutes is None else minutes


@register.filter
def iso_time(value: str) -> str:
    moment = parse_datetime(value or "")
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d/%m %H:%M")


@register.filter
def minutes(value: int | None) -> str:
    return "—" if value is None else short_duration(timedelta(minutes=value))


@register.filter
def seconds(value: float | None) -> str:
    """A duration in seconds as '12 min' / '1 h 05 min'."""
    return "—" if value is None else short_duration(timedelta(seconds=value))


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""
