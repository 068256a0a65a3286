"""Writes to the severity policy and the roles, as a team's playbook states them.

Incidents copy the policy when they open (and on a severity change), so a change here
moves the clocks of new incidents only."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from .models import Role, SeverityPolicy


def _changed(row: Any, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (getattr(row, name), value)
        for name, value in fields.items()
        if getattr(row, name) != value
    }


def severity_policy_apply(*, severity: str, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set these fields of one severity's policy (created if missing); returns
    {field: (before, after)} for what changed."""
    with transaction.atomic():
        policy = SeverityPolicy.objects.select_for_update().filter(severity=severity).first()
        if policy is None:
            values = {"engineer_multiplier": Decimal(2), "meaning_pt_br": "", "meaning_en": ""}
            policy = SeverityPolicy(severity=severity, **(values | fields))
            policy.save()
            return {name: (None, value) for name, value in fields.items()}
        changed = _changed(policy, fields)
        if changed:
            for name, (_before, after) in changed.items():
                setattr(policy, name, after)
            policy.save(update_fields=list(changed))
    return changed


def role_apply(*, key: str, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set these fields of one role (created at the end of the order if missing)."""
    with transaction.atomic():
        role = Role.objects.select_for_update().filter(key=key).first()
        if role is None:
            order = Role.objects.order_by("-order").values_list("order", flat=True).first() or 0
            Role.objects.create(key=key, order=order + 1, **fields)
            return {name: (None, value) for name, value in fields.items()}
        changed = _changed(role, fields)
        if changed:
            for name, (_before, after) in changed.items():
                setattr(role, name, after)
            role.save(update_fields=list(changed))
    return changed
