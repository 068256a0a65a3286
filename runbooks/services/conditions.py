"""Answers to a "while" rule's question: does its condition still hold?

"No" stands the rule down (its clock is cancelled, and the sweep checks again when it
is due); "yes" after a "no" puts the clock back. Each answer, and who gave it, is on
the timeline."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Deadline, Incident, StopsOn
from incidents.services import deadline_set, deadlines_stop, timeline_append

from .. import events
from ..deadlines import rule_data, rule_due_at, rule_kind
from ..models import EscalationRule, RuleAnswer
from .common import require_open, runbook_of


def rule_condition_answer(
    *, incident: Incident, rule: EscalationRule | int, holds: bool, by: Actor
) -> RuleAnswer:
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        require_open(current)
        runbook = runbook_of(current)
        rule_id = rule.pk if isinstance(rule, EscalationRule) else rule
        found = EscalationRule.objects.filter(
            pk=rule_id, scenario_id=runbook.scenario_id, kind="while"
        ).first()
        if found is None:
            raise IncidentActionError(_("That rule asks no question on this incident."))
        kind = rule_kind(found)
        deadline = Deadline.objects.filter(incident=current, kind=kind).first()
        if deadline is not None and deadline.fired_at is not None:
            raise IncidentActionError(
                _("Too late: this rule already escalated at %(when)s.")
                % {"when": timezone.localtime(deadline.fired_at).strftime("%H:%M")}
            )
        previous = RuleAnswer.objects.filter(incident=current, rule=found).first()
        if previous is not None and previous.holds == holds:
            raise IncidentActionError(_("That is already the answer on record."))
        now = timezone.now()
        answer, _created = RuleAnswer.objects.update_or_create(
            incident=current, rule=found, defaults={"holds": holds, "by": by, "at": now}
        )
        if not holds:
            deadlines_stop(incident=current, stops_on=[StopsOn.RESOLVE], kinds=[kind])
        elif deadline is not None and deadline.cancelled_at is not None:
            deadline_set(
                incident=current,
                kind=kind,
                due_at=max(rule_due_at(found, current), now),
                data=rule_data(found),
            )
        timeline_append(
            incident=current,
            kind=events.CONDITION_ANSWERED,
            actor=by,
            at=now,
            data={"rule": found.pk, "condition": found.condition, "holds": holds},
        )
    return answer
