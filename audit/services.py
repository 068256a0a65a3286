"""Recording a change to an audited object (settings.AUDITED_MODELS). The admin does it
through audit.site; an app's own pages may call audit_record with snapshots too."""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core import serializers
from django.db.models import Model
from django.utils import timezone

from .models import AuditAction, AuditEntry

MASK = "***"
# A field whose name holds one of these is kept out of the log: only that it changed shows.
SECRET_WORDS = ("password", "token", "secret", "hmac", "key_hash")


def audited_labels() -> set[str]:
    return {label.lower() for label in getattr(settings, "AUDITED_MODELS", [])}


def is_audited(model: type[Model]) -> bool:
    return model._meta.label_lower in audited_labels()


def _masked(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_WORDS)


def snapshot(obj: Model) -> dict[str, Any]:
    """The object's fields as JSON values (many-to-many as lists of ids), secrets masked,
    read from the database as it is now (for many-to-many)."""
    [row] = json.loads(serializers.serialize("json", [obj]))
    fields: dict[str, Any] = row["fields"]
    return {name: (_mask(value) if _masked(name) else value) for name, value in fields.items()}


def _mask(value: Any) -> Any:
    """A secret as "***" and a short digest: enough to see that it changed, nothing more."""
    if not value:
        return value
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:8]
    return f"{MASK}{digest}"


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry | None:
    """Append one entry (in the caller's transaction); nothing when nothing changed."""
    keys = set(before or {}) | set(after or {})
    changed = sorted(k for k in keys if (before or {}).get(k) != (after or {}).get(k))
    if action == AuditAction.CHANGE and not changed:
        return None
    name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        name = actor.get_username()
    return AuditEntry.objects.create(
        at=timezone.now(),
        actor=actor if name else None,
        actor_name=name or "system",
        action=action,
        model=obj._meta.label_lower,
        object_pk=str(obj.pk)[:64],
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        changed=changed,
    )
