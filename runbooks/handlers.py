"""Deadline handlers of this app, listed in settings.DEADLINE_HANDLERS.

``rule:<pk>`` and ``rollback_failed`` deadlines carry data["action"] == "escalate" and are
fired by the escalation app's own "escalate" handler. "While" rules (data["action"] ==
"while_rule") and the LGPD notice are ours.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from escalation.actions.roles import escalate_deadlines
from escalation.selectors import who_answers_for
from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline, RoleKey
from incidents.selectors import display_name
from incidents.services import timeline_append
from notifications.paging import page_person

from . import events
from .deadlines import WHILE_ACTION
from .models import RuleAnswer, StepProgress, StepState


def _why_not(deadline: Deadline, answers: dict, done: set) -> dict[str, object] | None:  # type: ignore[type-arg]
    """Why a "while" rule's condition no longer holds, or None when it still does."""
    data = deadline.data or {}
    answer = answers.get((deadline.incident_id, data.get("rule")))
    if answer is not None and not answer.holds:
        return {"why": "answered", "by": display_name(answer.by), "at": answer.at.isoformat()}
    step = data.get("step")
    if step and (deadline.incident_id, step) in done:
        return {"why": "step_done", "step": step}
    return None


@deadline_handler(WHILE_ACTION)
def while_rules_due(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    """A "while" rule at its time: it escalates as written unless a responder answered
    that the condition is over, or the checklist step tied to it is done (three queries
    for the batch, whatever its size)."""
    incidents = {d.incident_id for d in deadlines}
    answers = {
        (a.incident_id, a.rule_id): a
        for a in RuleAnswer.objects.filter(incident_id__in=incidents).select_related("by")
    }
    done = set(
        StepProgress.objects.filter(incident_id__in=incidents, state=StepState.DONE).values_list(
            "incident_id", "step_id"
        )
    )
    reasons = {d.pk: _why_not(d, answers, done) for d in deadlines}
    firing = [d for d in deadlines if reasons[d.pk] is None]
    fired = dict(zip([d.pk for d in firing], escalate_deadlines(firing, now), strict=True))
    entries = []
    for deadline in deadlines:
        reason = reasons[deadline.pk]
        if reason is not None:
            data = {"label": deadline.label, "condition": deadline.data.get("condition"), **reason}
            entries.append(TimelineEntry(deadline.incident, events.RULE_STOOD_DOWN, data))
            fired[deadline.pk] = Outcome(
                summary=_("Not escalated: the condition no longer holds."), data=data
            )
    timeline_append_many(entries, at=now)
    return [fired[d.pk] for d in deadlines]


@deadline_handler(events.LGPD_DEADLINE)
def lgpd_deadlines_passed(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    """The ANPD / data-subject notice is overdue: on the timeline, and page the commander.
    Rare (one per incident with personal data), so one deadline at a time."""
    return [_lgpd_deadline_passed(deadline, now) for deadline in deadlines]


def _lgpd_deadline_passed(deadline: Deadline, now: datetime) -> Outcome:
    incident = deadline.incident
    commander = who_answers_for(incident, RoleKey.INCIDENT_COMMANDER)
    reason = str(
        _("%(ref)s: the LGPD notice to the ANPD and the people affected is overdue.")
        % {"ref": incident.reference}
    )
    slug = events.LGPD_PAGE_REASON  # sent even after the resolve
    if commander is not None:
        page_person(incident=incident, user=commander, reason=slug, key=f"lgpd:{incident.pk}")
    paged = commander is not None
    timeline_append(
        incident=incident,
        kind=events.LGPD_DEADLINE_PASSED,
        at=now,
        data={
            "due_at": deadline.due_at.isoformat(),
            "paged": display_name(commander),
            "paged_sent": paged,
        },
    )
    return Outcome(summary=reason, paged=commander if paged else None)
