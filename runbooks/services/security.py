"""The security-breach track: did personal data leak? If so, the LGPD clock starts."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Incident, StopsOn
from incidents.services import deadline_set, timeline_append

from .. import events
from ..business_days import add_business_days
from ..deadlines import rule_data, rule_kind
from ..models import IncidentRunbook
from .common import runbook_of


def lgpd_business_days() -> int:
    return int(getattr(settings, "RUNBOOK_LGPD_NOTICE_BUSINESS_DAYS", 3))


def _breach_confirmed(incident: Incident, runbook: IncidentRunbook, now: datetime) -> None:
    """Personal data leaked: the breach is confirmed. The scenario's "if the breach is
    confirmed, notify ..." rules fire now; the sweep pages their target, the Incident
    Commander, who owns telling legal and the regulator."""
    for rule in runbook.scenario.rules.all():
        if rule.on_breach_confirmed:
            deadline_set(
                incident=incident,
                kind=rule_kind(rule),
                due_at=now,
                stops_on=StopsOn.NEVER,
                data=rule_data(rule),
            )


def personal_data_answer(*, incident: Incident, affected: bool, by: Actor) -> IncidentRunbook:
    """Record the answer; 'yes' starts the ANPD/data-subject notice deadline, swept like SLAs.

    The deadline runs from the moment the answer is recorded (when the company learns
    that personal data was affected) and is never stopped by resolving the incident.
    """
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        runbook = runbook_of(current)
        if not runbook.scenario.rollback_blocked:
            raise IncidentActionError(_("This scenario does not ask about personal data."))
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
        if affected:
            days = lgpd_business_days()
            due = add_business_days(now, days)
            deadline_set(
                incident=current,
                kind=events.LGPD_DEADLINE,
                due_at=due,
                stops_on=StopsOn.NEVER,
                data={
                    "label": str(_("LGPD: notify the ANPD and the people affected")),
                    "business_days": days,
                    "counted_from": now.isoformat(),
                },
            )
            data.update(due_at=due.isoformat(), business_days=days)
            _breach_confirmed(current, runbook, now)
        timeline_append(
            incident=current, kind=events.PERSONAL_DATA_ANSWERED, actor=by, at=now, data=data
        )
    return runbook
