from dataclasses import dataclass
from typing import Any

from .models import AuditEntry


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any


def audit_entries(*, model: str = "") -> Any:
    entries = AuditEntry.objects.order_by("-at", "-id")
    return entries.filter(model=model) if model else entries


def field_changes(entry: AuditEntry) -> list[FieldChange]:
    """The fields that changed, with their values before and after."""
    before, after = entry.before or {}, entry.after or {}
    names = entry.changed or sorted(set(before) | set(after))
    return [FieldChange(name, before.get(name), after.get(name)) for name in names]
