from typing import Any

from django import template

from ..models import EscalationRecord

register = template.Library()


@register.simple_tag
def escalation_records(incident: Any) -> dict[int, EscalationRecord]:
    """What happened at each of the incident's deadlines, by deadline id (one query)."""
    records = EscalationRecord.objects.filter(incident=incident).select_related("paged")
    return {r.deadline_id: r for r in records if r.deadline_id is not None}


@register.filter
def record_for(records: dict[int, EscalationRecord], deadline_id: int) -> EscalationRecord | None:
    return records.get(deadline_id)


@register.filter
def sla_breached(incident: Any) -> bool:
    """The acknowledge deadline fired: the dashboard annotates it, the incident page has
    its deadlines prefetched."""
    if hasattr(incident, "acknowledge_fired"):
        return bool(incident.acknowledge_fired)
    return any(d.kind == "acknowledge" and d.fired_at for d in incident.deadlines.all())
