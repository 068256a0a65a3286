"""Writes to integrations and their routing rules. A token is returned once, never stored."""

import re
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError

from ..models import Integration, IntegrationKind, RoutingRule
from ..tokens import new_token, token_hash

EDITABLE = (
    "is_active",
    "group_by",
    "default_severity",
    "severity_map",
    "default_scenario",
    "default_service",
    "mitigate_when_resolved",
    "rate_limit_per_minute",
    "hmac_secret",
    "hmac_signature_header",
    "hmac_timestamp_header",
)


class IntegrationError(IncidentActionError):
    pass


def integration_create(*, name: str, kind: str, by: Actor = None) -> tuple[Integration, str]:
    """A new integration and its token (the only time the token is seen)."""
    if not name or len(name) > 60 or not re.fullmatch(r"[-a-zA-Z0-9_]+", name):
        raise IntegrationError(_("A name is letters, digits, - and _ (at most 60)."))
    if kind not in IntegrationKind.values:
        raise IntegrationError(_("Unknown kind “%(kind)s”.") % {"kind": kind})
    if Integration.objects.filter(name=name).exists():
        raise IntegrationError(_("An integration named “%(name)s” exists.") % {"name": name})
    token = new_token()
    with transaction.atomic():
        integration = Integration.objects.create(
            name=name,
            kind=kind,
            token_hash=token_hash(token),
            token_rotated_at=timezone.now(),
            created_by=by,
        )
    return integration, token


def integration_rotate_token(*, integration: Integration, by: Actor = None) -> str:
    """A new token; the old one stops working at once."""
    token = new_token()
    with transaction.atomic():
        Integration.objects.filter(pk=integration.pk).update(
            token_hash=token_hash(token), token_rotated_at=timezone.now()
        )
    integration.refresh_from_db()
    return token


def integration_update(*, integration: Integration, by: Actor = None, **fields: Any) -> Integration:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise IntegrationError(_("Not editable: %(names)s") % {"names": ", ".join(sorted(unknown))})
    with transaction.atomic():
        for name, value in fields.items():
            setattr(integration, name, value)
        integration.save(update_fields=[*fields])
    return integration


def rule_add(*, integration: Integration, by: Actor = None, **fields: Any) -> RoutingRule:
    with transaction.atomic():
        Integration.objects.select_for_update().filter(pk=integration.pk).get()
        last = integration.rules.aggregate(last=Max("position"))["last"]
        rule = RoutingRule(integration=integration, position=(last or 0) + 1, **fields)
        rule.full_clean()
        rule.save()
    return rule


def rule_delete(*, rule: RoutingRule, by: Actor = None) -> None:
    with transaction.atomic():
        RoutingRule.objects.filter(pk=rule.pk).delete()


def rule_move(*, rule: RoutingRule, up: bool, by: Actor = None) -> None:
    """Swap the rule with its neighbour (first match wins, so order matters)."""
    with transaction.atomic():
        Integration.objects.select_for_update().filter(pk=rule.integration_id).get()
        rules = list(RoutingRule.objects.filter(integration_id=rule.integration_id))
        index = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(rules):
            return
        rules[index], rules[other] = rules[other], rules[index]
        for position, item in enumerate(rules, start=1):
            if item.position != position:
                RoutingRule.objects.filter(pk=item.pk).update(position=position)


REJECTION_NOTE_EVERY = timedelta(seconds=10)


def integration_note_rejection(*, integration: Integration, status: int, error: bytes) -> None:
    """Keep the last refused delivery on the integration, so whoever set up the monitor
    sees why nothing arrives; at most once every 10 s (a flood writes nothing more)."""
    now = timezone.now()
    last = integration.last_rejected_at
    if last is not None and now - last < REJECTION_NOTE_EVERY:
        return
    text = f"{status} {error.decode('utf-8', 'replace')}"[:300]
    Integration.objects.filter(pk=integration.pk).update(last_rejected_at=now, last_rejection=text)
    integration.last_rejected_at = now  # the intake keeps this object between deliveries
