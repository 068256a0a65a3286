"""The security-breach track, as the playbook runs it.

Two answers, kept apart: "breach confirmed" (pages whom the scenario's breach rule
names, Legal) and "personal data affected". Once both hold, the LGPD clock for the
notice to the ANPD and the people affected runs, counted from when the company learned
personal data was affected; recording the notice to the ANPD stops it.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Incident, StopsOn
from incidents.services import deadline_set, deadlines_stop, timeline_append

from .. import events
from ..business_days import add_business_days
from ..deadlines import rule_data, rule_kind
from ..models import ConditionKind, IncidentRunbook, Scenario
from .common import clean_reason, runbook_of


def lgpd_business_days() -> int:
    return int(getattr(settings, "RUNBOOK_LGPD_NOTICE_BUSINESS_DAYS", 3))


def asks_about_breach(scenario: Scenario) -> bool:
    """A scenario with a breach-confirmed rule, or one that forbids rolling back before
    the investigation, asks whether the breach is confirmed and personal data affected."""
    return scenario.rollback_blocked or any(
        rule.kind == ConditionKind.BREACH_CONFIRMED for rule in scenario.rules.all()
    )


def _security_runbook(incident: Incident) -> IncidentRunbook:
    runbook = runbook_of(incident)
    if not asks_about_breach(runbook.scenario):
        raise IncidentActionError(_("This scenario does not ask about personal data."))
    return runbook


def _start_lgpd_clock(incident: Incident, runbook: IncidentRunbook) -> dict[str, Any]:
    """Both answers are yes: the notice is due N business days after the company learned
    personal data was affected. Resolving the incident does not stop it."""
    learned = runbook.personal_data_answered_at or timezone.now()
    days = lgpd_business_days()
    due = add_business_days(learned, days)
    deadline_set(
        incident=incident,
        kind=events.LGPD_DEADLINE,
        due_at=due,
        stops_on=StopsOn.NEVER,
        data={
            "label": str(_("LGPD: notify the ANPD and the people affected")),
            "business_days": days,
            "counted_from": learned.isoformat(),
        },
    )
    return {"due_at": due.isoformat(), "business_days": days}


def _fire_breach_rules(incident: Incident, runbook: IncidentRunbook, now: datetime) -> list[str]:
    """The scenario's "if the breach is confirmed" rules fire now (the sweep pages)."""
    fired = []
    for rule in runbook.scenario.rules.all():
        if rule.kind == ConditionKind.BREACH_CONFIRMED:
            deadline_set(
                incident=incident,
                kind=rule_kind(rule),
                due_at=now,
                stops_on=StopsOn.NEVER,
                data=rule_data(rule),
            )
            fired.append(rule.text)
    return fired


def breach_confirm(*, incident: Incident, by: Actor) -> IncidentRunbook:
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        runbook = _security_runbook(current)
        if runbook.breach_confirmed_at is not None:
            raise IncidentActionError(_("The breach was already confirmed."))
        now = timezone.now()
        runbook.breach_confirmed_at, runbook.breach_confirmed_by = now, by
        runbook.save(update_fields=["breach_confirmed_at", "breach_confirmed_by"])
        data: dict[str, Any] = {"rules": _fire_breach_rules(current, runbook, now)}
        if runbook.personal_data_affected:
            data |= _start_lgpd_clock(current, runbook)
        timeline_append(incident=current, kind=events.BREACH_CONFIRMED, actor=by, at=now, data=data)
    return runbook


def personal_data_answer(*, incident: Incident, affected: bool, by: Actor) -> IncidentRunbook:
    """Record the answer; once the breach is confirmed too, "yes" starts the LGPD clock."""
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        runbook = _security_runbook(current)
        if runbook.personal_data_affected is True:
            raise IncidentActionError(
                _("Already answered yes; the LGPD notice deadline is running.")
            )
        if runbook.personal_data_affected is False and not affected:
            raise IncidentActionError(_("Already answered no."))
        now = timezone.now()
        runbook.personal_data_affected = affected
        runbook.personal_data_answered_at, runbook.personal_data_answered_by = now, by
        runbook.save(
            update_fields=[
                "personal_data_affected",
                "personal_data_answered_at",
                "personal_data_answered_by",
            ]
        )
        data: dict[str, Any] = {"affected": affected}
        if affected and runbook.breach_confirmed_at is not None:
            data |= _start_lgpd_clock(current, runbook)
        timeline_append(
            incident=current, kind=events.PERSONAL_DATA_ANSWERED, actor=by, at=now, data=data
        )
    return runbook


def anpd_notice_record(*, incident: Incident, by: Actor, protocol: str) -> IncidentRunbook:
    """The ANPD was notified: who, when, the protocol number. The LGPD clock stops."""
    protocol = clean_reason(protocol, _("Give the protocol number the ANPD returned."))
    if len(protocol) > 100:
        raise IncidentActionError(_("Keep the protocol number under 100 characters."))
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        runbook = _security_runbook(current)
        if not (runbook.breach_confirmed_at and runbook.personal_data_affected):
            raise IncidentActionError(
                _("There is no notice to the ANPD to record: no confirmed breach of personal data.")
            )
        if runbook.anpd_notified_at is not None:
            raise IncidentActionError(_("The notice to the ANPD was already recorded."))
        now = timezone.now()
        runbook.anpd_notified_at, runbook.anpd_notified_by = now, by
        runbook.anpd_protocol = protocol
        runbook.save(update_fields=["anpd_notified_at", "anpd_notified_by", "anpd_protocol"])
        deadlines_stop(incident=current, stops_on=[StopsOn.NEVER], kinds=[events.LGPD_DEADLINE])
        timeline_append(
            incident=current,
            kind=events.ANPD_NOTIFIED,
            actor=by,
            at=now,
            data={"protocol": protocol},
        )
    return runbook
