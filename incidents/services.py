"""Every change to an incident goes through one of these functions.

Each runs in a transaction, checks that the change is allowed, writes the rows,
appends a TimelineEvent, and leaves side effects to transaction.on_commit.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import events
from .actors import Actor
from .batch_services import (
    RoleAssignment,
    incident_assign_roles_bulk,
    incidents_move_to_backlog_bulk,
)
from .deadlines import deadlines_due_now, planned_deadlines
from .errors import IllegalTransition, IncidentActionError
from .lifecycle import TRANSITIONS
from .models import (
    Deadline,
    DeadlineKind,
    Incident,
    IncidentStatus,
    Profile,
    Role,
    RoleKey,
    SeverityPolicy,
    StopsOn,
    TimelineEvent,
)
from .models.people import validate_timezone
from .selectors import can_take_roles, display_name
from .validators import has_control_characters


def timeline_append(
    *,
    incident: Incident,
    kind: str,
    actor: Actor = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        incident=incident,
        kind=kind,
        actor=actor,
        created_at=at or timezone.now(),
        data=data or {},
    )


def _apply_policy(incident: Incident, policy: SeverityPolicy) -> None:
    incident.severity = policy.severity
    incident.acknowledge_minutes = policy.acknowledge_minutes
    incident.engineer_after_minutes = policy.engineer_minutes
    incident.commander_after_minutes = policy.commander_minutes
    incident.backlog_instead_of_engineer = policy.backlog_instead_of_engineer
    incident.commander_at_open = policy.commander_at_open


def _policy_for(severity: str) -> SeverityPolicy:
    try:
        return SeverityPolicy.objects.get(severity=severity)
    except SeverityPolicy.DoesNotExist:
        raise IncidentActionError(
            _("There is no policy for severity %(severity)s; load the defaults first.")
            % {"severity": severity}
        ) from None


def _check_text(title: str, description: str) -> None:
    if has_control_characters(title) or has_control_characters(description, allow_newlines=True):
        raise IncidentActionError(_("Titles are one line without control characters."))


def _new_incident(
    *,
    title: str,
    description: str,
    source: str,
    by: Actor,
    policy: SeverityPolicy,
    detected_at: datetime | None,
    now: datetime,
) -> Incident:
    incident = Incident(
        title=title.strip(),
        description=description.strip(),
        source=source,
        opened_at=now,
        opened_by=by,
        detected_at=detected_at if detected_at and detected_at < now else None,
        clocks_started_at=now,
    )
    _apply_policy(incident, policy)
    return incident


def _declared_event(incident: Incident, by: Actor) -> TimelineEvent:
    return TimelineEvent(
        incident=incident,
        kind=events.DECLARED,
        actor=by,
        created_at=incident.opened_at,
        data={"title": incident.title, "severity": incident.severity, "source": incident.source},
    )


def incident_declare(
    *,
    title: str,
    severity: str,
    by: Actor,
    description: str = "",
    source: str = "manual",
    extra: dict[str, Any] | None = None,
    detected_at: datetime | None = None,
) -> Incident:
    """Open an incident with its severity's clocks. `extra` is the other apps' cleaned data
    (the declare form's extras), handed to each of settings.INCIDENT_DECLARE_HOOKS,
    callables (*, incident, data, by), run in this transaction: the web form, the API and
    commands all get them. `detected_at` is when the problem was first seen (an alert's
    start), kept only when it is earlier than now."""
    _check_text(title, description)
    with transaction.atomic():
        incident = _new_incident(
            title=title,
            description=description,
            source=source,
            by=by,
            policy=_policy_for(severity),
            detected_at=detected_at,
            now=timezone.now(),
        )
        incident.save()
        _declared_event(incident, by).save()
        incident_declare_finish(incident=incident, extra=extra or {}, by=by)
    return incident


def incident_declare_rows(
    *,
    incident_id: int,
    title: str,
    policy: SeverityPolicy,
    by: Actor,
    now: datetime,
    description: str = "",
    source: str = "manual",
    extra: dict[str, Any] | None = None,
    detected_at: datetime | None = None,
) -> list[Incident | TimelineEvent | Deadline]:
    """incident_declare in two steps, for a writer that must answer in milliseconds (alert
    intake) and inserts these rows itself, in its own statement: the incident as declared
    at `now`, its "declared" entry, and a DECLARE deadline due at once, with which the sweep
    adds the clocks and runs the declare hooks (incident_declare_finish) a moment later.
    `extra` must be JSON (the hooks get ids, not instances); nothing is saved here."""
    _check_text(title, description)
    incident = _new_incident(
        title=title,
        description=description,
        source=source,
        by=by,
        policy=policy,
        detected_at=detected_at,
        now=now,
    )
    incident.pk = incident_id
    finish = Deadline(
        incident_id=incident_id,
        kind=DeadlineKind.DECLARE,
        due_at=now,
        stops_on=StopsOn.NEVER,
        data={"extra": extra or {}},
    )
    return [incident, _declared_event(incident, by), finish]


def incident_declare_finish(*, incident: Incident, extra: dict[str, Any], by: Actor) -> None:
    """The clocks and the other apps' declare hooks of a just-declared incident. Run later
    (by the sweep) it still leaves no clock its status has already stopped."""
    deadlines_reschedule(incident=incident)
    for path in getattr(settings, "INCIDENT_DECLARE_HOOKS", []):
        import_string(path)(incident=incident, data=extra, by=by)
    if incident.status != IncidentStatus.TRIGGERED:
        stopped: list[str] = [StopsOn.ACKNOWLEDGE]
        if not incident.is_open:
            stopped.append(StopsOn.RESOLVE)
        deadlines_stop(incident=incident, stops_on=stopped)


def deadlines_reschedule(*, incident: Incident, rearm: bool = False) -> None:
    """Bring the incident's planned deadlines in line with its current policy.

    Pending ones move, new ones appear, ones no longer planned are cancelled;
    ones already fired stay fired, so nothing is escalated twice, unless `rearm`
    (a reopening): then every planned clock runs again from incident.clocks_start.
    """
    now = timezone.now()
    existing = {d.kind: d for d in incident.deadlines.select_for_update().filter(scheduled=True)}
    planned = {p.kind: p for p in planned_deadlines(incident)}
    for kind, plan in planned.items():
        row = existing.get(kind)
        if row is None:
            Deadline.objects.create(
                incident=incident,
                kind=kind,
                due_at=plan.due_at,
                stops_on=plan.stops_on,
                scheduled=True,
                data=plan.data,
            )
        elif rearm:
            Deadline.objects.filter(pk=row.pk).update(
                due_at=plan.due_at,
                data=plan.data,
                stops_on=plan.stops_on,
                fired_at=None,
                cancelled_at=None,
            )
        elif row.is_pending and (row.due_at != plan.due_at or row.data != plan.data):
            Deadline.objects.filter(pk=row.pk, fired_at__isnull=True).update(
                due_at=plan.due_at, data=plan.data
            )
    stale = [row.pk for kind, row in existing.items() if kind not in planned and row.is_pending]
    if stale:
        Deadline.objects.filter(pk__in=stale, fired_at__isnull=True).update(cancelled_at=now)
    if any(plan.due_at <= now for plan in planned.values()):
        deadlines_due_now()


def deadline_set(
    *,
    incident: Incident,
    kind: str,
    due_at: datetime,
    stops_on: str = StopsOn.RESOLVE,
    data: dict[str, Any] | None = None,
) -> Deadline:
    """Create or move an ad-hoc deadline (e.g. next stakeholder update due)."""
    deadline, _created = Deadline.objects.update_or_create(
        incident=incident,
        kind=kind,
        defaults={
            "due_at": due_at,
            "stops_on": stops_on,
            "data": data or {},
            "fired_at": None,
            "cancelled_at": None,
        },
    )
    if due_at <= timezone.now():
        deadlines_due_now()
    return deadline


def deadlines_stop(
    *, incident: Incident, stops_on: list[str], kinds: list[str] | None = None
) -> int:
    rows = incident.deadlines.pending().filter(stops_on__in=stops_on)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    return rows.update(cancelled_at=timezone.now())


def _refuse_transition(incident: Incident, action: str) -> IllegalTransition:
    transition = TRANSITIONS[action]
    if action == "acknowledge" and incident.is_open and incident.acknowledged_by_id:
        when = timezone.localtime(incident.acknowledged_at).strftime("%H:%M")
        return IllegalTransition(
            _("Already acknowledged by %(name)s at %(time)s.")
            % {"name": display_name(incident.acknowledged_by), "time": when}
        )
    allowed = ", ".join(str(IncidentStatus(s).label) for s in sorted(transition.sources))
    return IllegalTransition(
        _("%(ref)s is %(status)s: “%(action)s” is only possible when it is %(allowed)s.")
        % {
            "ref": incident.reference,
            "status": incident.get_status_display().lower(),
            "action": transition.label,
            "allowed": allowed.lower(),
        }
    )


def _check_transition_guards(incident: Incident, action: str, by: Actor) -> None:
    """Other apps veto a transition (e.g. no resolve before verification) by raising
    IncidentActionError from a callable listed in settings.INCIDENT_TRANSITION_GUARDS."""
    for path in getattr(settings, "INCIDENT_TRANSITION_GUARDS", []):
        import_string(path)(incident, action, by)


def _run_transition_hooks(incident: Incident, action: str, by: Actor) -> None:
    """Other apps act on a transition in its transaction (e.g. resolving creates the
    post-incident review): callables (*, incident, action, by) listed in
    settings.INCIDENT_TRANSITION_HOOKS."""
    for path in getattr(settings, "INCIDENT_TRANSITION_HOOKS", []):
        import_string(path)(incident=incident, action=action, by=by)


def incident_transition(
    *, incident: Incident, action: str, by: Actor, reason: str = "", via: str = ""
) -> Incident:
    """Move the incident along its lifecycle. `via` says how, when not the dashboard
    (e.g. "sms": an acknowledge link in an SMS); it goes on the timeline."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IllegalTransition(_("Unknown action “%(action)s”.") % {"action": action})
    if transition.needs_reason and not reason.strip():
        raise IncidentActionError(_("Say why in a few words."))
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        if current.status not in transition.sources:
            raise _refuse_transition(current, action)
        _check_transition_guards(current, action, by)
        now = timezone.now()
        previous = current.status
        current.status = transition.target
        if transition.stamp:
            setattr(current, f"{transition.stamp}_at", now)
            setattr(current, f"{transition.stamp}_by", by)
        if action == "reopen":
            _forget_progress(current)
            current.clocks_started_at = now
        current.save()
        data = {"from": previous, "to": current.status, "reason": reason.strip()}
        if via:
            data["via"] = via
        timeline_append(
            incident=current, kind=events.TRANSITION_EVENTS[action], actor=by, at=now, data=data
        )
        if action == "acknowledge":
            deadlines_stop(incident=current, stops_on=[StopsOn.ACKNOWLEDGE])
            _first_responder_if_none(current, by)
        elif action == "resolve":
            deadlines_stop(incident=current, stops_on=[StopsOn.ACKNOWLEDGE, StopsOn.RESOLVE])
        elif action == "reopen":
            deadlines_reschedule(incident=current, rearm=True)
        _run_transition_hooks(current, action, by)
    return current


def _forget_progress(incident: Incident) -> None:
    """A reopened incident starts over: it must be acknowledged again."""
    for stamp in ("acknowledged", "mitigated", "resolved", "closed"):
        setattr(incident, f"{stamp}_at", None)
        setattr(incident, f"{stamp}_by", None)


def _first_responder_if_none(incident: Incident, by: Actor) -> None:
    """Whoever acknowledges becomes the First Responder when the incident has none; never
    a service account (an alert integration acknowledging for its monitor)."""
    if not can_take_roles(by):
        return
    role = Role.objects.filter(key=RoleKey.FIRST_RESPONDER).first()
    if role is None or incident.assignments.filter(role=role, ended_at__isnull=True).exists():
        return
    incident_assign_roles_bulk([RoleAssignment(incident, role, by)], by=by, incidents_locked=True)


def incident_acknowledge(*, incident: Incident, by: Actor) -> Incident:
    return incident_transition(incident=incident, action="acknowledge", by=by)


def incident_mitigate(*, incident: Incident, by: Actor) -> Incident:
    return incident_transition(incident=incident, action="mitigate", by=by)


def incident_resolve(*, incident: Incident, by: Actor) -> Incident:
    return incident_transition(incident=incident, action="resolve", by=by)


def incident_change_severity(
    *, incident: Incident, severity: str, by: Actor, reason: str = ""
) -> Incident:
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        if not current.is_open:
            raise IncidentActionError(
                _("%(ref)s is %(status)s; reopen it before changing its severity.")
                % {"ref": current.reference, "status": current.get_status_display().lower()}
            )
        if current.severity == severity:
            raise IncidentActionError(
                _("%(ref)s is already %(severity)s.")
                % {"ref": current.reference, "severity": severity}
            )
        previous = current.severity
        _apply_policy(current, _policy_for(severity))
        current.save()
        timeline_append(
            incident=current,
            kind=events.SEVERITY_CHANGED,
            actor=by,
            data={"from": previous, "to": severity, "reason": reason.strip()},
        )
        deadlines_reschedule(incident=current)
    return current


def incident_assign_role(*, incident: Incident, role: Role, user: Any, by: Actor) -> None:
    """incident_assign_roles_bulk for one; refused when `user` already holds the role."""
    with transaction.atomic():
        if not incident_assign_roles_bulk([RoleAssignment(incident, role, user)], by=by):
            raise IncidentActionError(
                _("%(name)s already holds %(role)s on %(ref)s.")
                % {"name": display_name(user), "role": role.name, "ref": incident.reference}
            )


def incident_add_note(*, incident: Incident, text: str, by: Actor) -> TimelineEvent:
    text = text.strip()
    if not text:
        raise IncidentActionError(_("A note cannot be empty."))
    with transaction.atomic():
        return timeline_append(
            incident=incident, kind=events.NOTE_ADDED, actor=by, data={"text": text}
        )


def profile_update(*, user: Any, **fields: Any) -> Profile:
    """Save a person's contact details and preferences (language, timezone)."""
    languages = {code for code, _name in settings.LANGUAGES}
    if "language" in fields and fields["language"] not in languages:
        raise IncidentActionError(_("Unknown language."))
    if "timezone" in fields:
        validate_timezone(fields["timezone"])
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
    return profile


def incident_move_to_backlog(*, incident: Incident, by: Actor = None, reason: str = "") -> Incident:
    """Park a low-severity incident in the backlog (P3 at 2x SLA): its clocks stop.
    incidents_move_to_backlog_bulk for one; an incident already parked or closed is left."""
    incidents_move_to_backlog_bulk([incident], by=by, reason=reason)
    return incident


def incident_set_restricted(*, incident: Incident, restricted: bool, by: Actor) -> Incident:
    """Mark an incident restricted (a security incident: only commanders, managers and the
    people taking part see it) or open it up again. No change, no timeline entry."""
    with transaction.atomic():
        incident = Incident.objects.lock(incident)
        if incident.restricted == restricted:
            return incident
        incident.restricted = restricted
        incident.save(update_fields=["restricted", "updated_at"])
        timeline_append(
            incident=incident,
            kind=events.RESTRICTION_CHANGED,
            actor=by,
            data={"restricted": restricted},
        )
    return incident
