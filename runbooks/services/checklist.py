from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Deadline, Incident, StopsOn
from incidents.selectors import display_name
from incidents.services import (
    deadline_set,
    deadlines_reschedule,
    incident_set_restricted,
    timeline_append,
)

from .. import events
from ..models import IncidentRunbook, RuleTarget, Scenario, Section, Step, StepProgress, StepState
from ..selectors import verification_left
from .common import clean_reason, require_open, runbook_of, step_of


def scenario_attach(*, incident: Incident, scenario: Scenario, by: Actor) -> IncidentRunbook:
    """Attach (or switch) the incident's scenario; its rules become deadlines."""
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        require_open(current)
        now = timezone.now()
        runbook = IncidentRunbook.objects.filter(incident=current).first()
        previous = None
        if runbook is not None:
            if runbook.scenario_id == scenario.pk:
                raise IncidentActionError(
                    _("%(ref)s already follows scenario %(scenario)s.")
                    % {"ref": current.reference, "scenario": scenario}
                )
            previous = str(runbook.scenario)
            runbook.scenario = scenario
            runbook.attached_at, runbook.attached_by = now, by
            runbook.save(update_fields=["scenario", "attached_at", "attached_by"])
        else:
            runbook = IncidentRunbook.objects.create(
                incident=current, scenario=scenario, attached_at=now, attached_by=by
            )
        timeline_append(
            incident=current,
            kind=events.SCENARIO_ATTACHED,
            actor=by,
            at=now,
            data={
                "scenario": scenario.number,
                "title": scenario.title,
                "severity": scenario.severity,
                "previous": previous or "",
            },
        )
        deadlines_reschedule(incident=current)
        if scenario.number in settings.RESTRICTED_SCENARIO_NUMBERS:
            # A security incident is kept to the people taking part from the start.
            incident_set_restricted(incident=current, restricted=True, by=by)
    return runbook


def _escalate_rollback_failure(incident: Incident, runbook: IncidentRunbook, now: datetime) -> None:
    """A failed rollback escalates at once: to the target of the scenario's rule, if any."""
    exists = Deadline.objects.filter(incident=incident, kind=events.ROLLBACK_FAILED_DEADLINE)
    if exists.exists():
        return  # escalated already for this incident; the timeline shows each failure
    rule = next((r for r in runbook.scenario.rules.all() if r.on_rollback_failure), None)
    deadline_set(
        incident=incident,
        kind=events.ROLLBACK_FAILED_DEADLINE,
        due_at=now,
        stops_on=StopsOn.RESOLVE,
        data={
            "action": "escalate",
            "target": rule.target if rule else RuleTarget.ESCALATION_ENGINEER,
            "label": rule.text if rule else str(_("Rollback failed: Escalation Engineer now")),
        },
    )


def _step_data(step: Step, **extra: str) -> dict[str, Any]:
    """What a step's timeline entries say about the step, plus what is particular to each."""
    return {
        "step_id": step.pk,
        "section": step.section,
        "text": step.text,
        "case": step.case,
        **extra,
    }


def step_mark(
    *, incident: Incident, step: Step | int, state: str, by: Actor, reason: str = ""
) -> StepProgress:
    """Tick a step done, skip it (with a reason) or mark a rollback step failed."""
    if state not in StepState.values:
        raise IncidentActionError(_("Unknown step outcome “%(state)s”.") % {"state": state})
    if state == StepState.SKIPPED:
        reason = clean_reason(reason, _("Say why you skip this step."))
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        require_open(current)
        runbook = runbook_of(current)
        row = step_of(runbook, step.pk if isinstance(step, Step) else step)
        if state == StepState.FAILED and row.section != Section.ROLLBACK:
            raise IncidentActionError(_("Only rollback steps can be marked failed."))
        if (
            row.section == Section.ROLLBACK
            and state != StepState.SKIPPED
            and runbook.scenario.rollback_blocked
            and runbook.rollback_confirmed_at is None
        ):
            raise IncidentActionError(
                _("Do not roll back before the investigation: a commander must confirm first.")
            )
        progress = StepProgress.objects.filter(incident=current, step=row).first()
        if progress is not None and progress.state == state:
            raise IncidentActionError(
                _("Already marked %(state)s by %(name)s.")
                % {
                    "state": progress.get_state_display().lower(),
                    "name": display_name(progress.by) if progress.by else "?",
                }
            )
        now = timezone.now()
        progress, _created = StepProgress.objects.update_or_create(
            incident=current,
            step=row,
            defaults={"state": state, "by": by, "at": now, "reason": reason.strip()},
        )
        timeline_append(
            incident=current,
            kind=events.STEP_EVENTS[state],
            actor=by,
            at=now,
            data=_step_data(row, reason=reason.strip()),
        )
        if state == StepState.FAILED:
            _escalate_rollback_failure(current, runbook, now)
    return progress


def step_reopen(*, incident: Incident, step: Step | int, by: Actor) -> None:
    """Undo a tick, a skip or a "rollback failed" given by mistake: the step is open again.

    What the mark set off stays as it happened (an escalation already paged, for one); the
    timeline says who reopened the step and what it had been.
    """
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        require_open(current)
        row = step_of(runbook_of(current), step.pk if isinstance(step, Step) else step)
        progress = StepProgress.objects.filter(incident=current, step=row).first()
        if progress is None:
            raise IncidentActionError(_("This step is not marked: there is nothing to undo."))
        previous = progress.state
        progress.delete()
        timeline_append(
            incident=current,
            kind=events.STEP_REOPENED,
            actor=by,
            data=_step_data(row, previous=previous),
        )


def verification_waive(*, incident: Incident, by: Actor, reason: str) -> IncidentRunbook:
    reason = clean_reason(reason, _("Say why the verification can be waived."))
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        require_open(current)
        runbook = runbook_of(current)
        if runbook.verification_waived_at:
            raise IncidentActionError(_("The verification was already waived."))
        if not verification_left(runbook):
            raise IncidentActionError(_("The verification is complete; nothing to waive."))
        now = timezone.now()
        runbook.verification_waived_at, runbook.verification_waived_by = now, by
        runbook.verification_waiver_reason = reason
        runbook.save(
            update_fields=[
                "verification_waived_at",
                "verification_waived_by",
                "verification_waiver_reason",
            ]
        )
        timeline_append(
            incident=current,
            kind=events.VERIFICATION_WAIVED,
            actor=by,
            at=now,
            data={"reason": reason, "steps_left": len(verification_left(runbook))},
        )
    return runbook


def rollback_confirm(*, incident: Incident, by: Actor, reason: str) -> IncidentRunbook:
    """A commander allows the rollback of a scenario that says not to roll back."""
    reason = clean_reason(reason, _("Say why rolling back is safe now."))
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        require_open(current)
        runbook = runbook_of(current)
        if not runbook.scenario.rollback_blocked:
            raise IncidentActionError(_("This scenario needs no confirmation to roll back."))
        if runbook.rollback_confirmed_at:
            raise IncidentActionError(_("The rollback was already confirmed."))
        now = timezone.now()
        runbook.rollback_confirmed_at, runbook.rollback_confirmed_by = now, by
        runbook.rollback_confirmation_reason = reason
        runbook.save(
            update_fields=[
                "rollback_confirmed_at",
                "rollback_confirmed_by",
                "rollback_confirmation_reason",
            ]
        )
        timeline_append(
            incident=current,
            kind=events.ROLLBACK_CONFIRMED,
            actor=by,
            at=now,
            data={"reason": reason},
        )
    return runbook
