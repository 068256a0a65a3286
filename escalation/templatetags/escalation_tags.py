from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import EscalationRecord

register = template.Library()


@register.filter
def record_for(records: dict[int, EscalationRecord], deadline_id: int) -> EscalationRecord | None:
    return records.get(deadline_id)


@register.filter
def local_hhmm(value: str) -> str:
    """An ISO timestamp kept in timeline data, as local HH:MM."""
    parsed = parse_datetime(value or "")
    return timezone.localtime(parsed).strftime("%H:%M") if parsed else (value or "")
