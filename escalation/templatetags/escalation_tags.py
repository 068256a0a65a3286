from django import template

from ..models import EscalationRecord

register = template.Library()


@register.filter
def record_for(records: dict[int, EscalationRecord], deadline_id: int) -> EscalationRecord | None:
    return records.get(deadline_id)
