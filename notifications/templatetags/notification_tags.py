from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..messages import reason_label as _reason_label
from ..models import Channel

register = template.Library()


@register.filter
def channel_label(value: str) -> str:
    try:
        return str(Channel(value).label)
    except ValueError:
        return value


@register.filter
def reason_label(value: str) -> str:
    return _reason_label(value)


@register.filter
def channel_list(values: list[str]) -> str:
    return " + ".join(channel_label(v) for v in values or [])


@register.filter
def iso_time(value: str) -> str:
    """An ISO timestamp stored in timeline data as local HH:MM:SS."""
    parsed = parse_datetime(value or "")
    if parsed is None:
        return value or ""
    return timezone.localtime(parsed).strftime("%H:%M:%S")
