"""Every change the communications app makes goes through one of these."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Incident
from incidents.services import timeline_append
from notifications.services import notification_enqueue

from . import events
from .cadence import cadence_restart, cadence_stop
from .models import (
    AudienceList,
    IncidentComms,
    MessageTemplate,
    PublicUpdate,
    SentCommunication,
    TemplateKind,
    label_of,
)
from .recipients import Recipients, recipients_of
from .rendering import (
    PARTS,
    TemplateProblem,
    fit_sms,
    normalize_text,
    render_part,
    sample_context,
)
from .status_cache import invalidate_status_page


class CommsError(IncidentActionError):
    """A message that cannot be sent or a template that cannot be saved; says why."""


REQUIRED_FIELDS = {
    TemplateKind.NOTIFICATION: ("impact", "forecast"),
    TemplateKind.STATUS_UPDATE: ("impact", "forecast"),
    TemplateKind.RESOLVED: ("impact",),
}


def comms_state_for(incident: Incident, *, lock: bool = False) -> IncidentComms:
    manager = IncidentComms.objects.select_for_update() if lock else IncidentComms.objects
    state, _created = manager.get_or_create(incident=incident)
    return state


def comms_state_update(*, incident: Incident, by: Actor, **fields: Any) -> IncidentComms:
    """Save impact, forecast, public flag or public title; the change goes on the timeline."""
    allowed = {"impact", "forecast", "public", "public_title"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    with transaction.atomic():
        state = comms_state_for(incident, lock=True)
        fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
        if fields.get("public", state.public) and not fields.get(
            "public_title", state.public_title
        ):
            fields["public_title"] = incident.title  # what visitors read unless said otherwise
        changed = {}
        for name, value in fields.items():
            if getattr(state, name) != value:
                changed[name] = value
                setattr(state, name, value)
        if changed:
            state.save()
            timeline_append(incident=incident, kind=events.STATE_CHANGED, actor=by, data=changed)
            if {"public", "public_title"} & set(changed):
                invalidate_status_page()
    return state


def missing_fields(kind: str, state: IncidentComms) -> list[str]:
    names = REQUIRED_FIELDS.get(TemplateKind(kind), ())
    return [name for name in names if not str(getattr(state, name)).strip()]


def refusal_for_missing(kind: str, state: IncidentComms) -> str:
    missing = missing_fields(kind, state)
    if not missing:
        return ""
    labels = ", ".join(label_of(IncidentComms, n) for n in missing)
    return _("Fill in %(fields)s before sending: stakeholders need to know it.") % {
        "fields": labels
    }


def communication_send(
    *,
    incident: Incident,
    by: Actor,
    token: str,
    kind: str,
    language: str,
    texts: dict[str, str],
    audiences: Iterable[AudienceList],
    facts: dict[str, Any] | None = None,
) -> SentCommunication:
    """Send exactly these texts to these audiences through the outbox.

    `facts` (impact, forecast, public, public_title) are saved with the send, or not
    at all when it is refused. While the incident is public, the status page text is
    published. The token comes from the preview: the same preview sent twice is sent
    once."""
    texts = {part: normalize_text(texts.get(part)) for part in PARTS}
    texts["sms_text"], _length = fit_sms(texts["sms_text"])
    audiences = list(audiences)
    with transaction.atomic():
        incident = Incident.objects.lock(incident)
        if SentCommunication.objects.filter(token=token).exists():
            raise CommsError(_("This message was already sent."))
        if facts is not None:  # rolled back with everything else if refused below
            state = comms_state_update(incident=incident, by=by, **facts)
        else:
            state = comms_state_for(incident, lock=True)
        refusal = refusal_for_missing(kind, state)
        if refusal:
            raise CommsError(refusal)
        if not audiences:
            raise CommsError(_("Choose at least one audience."))
        to = recipients_of(audiences)
        _check_texts(to, texts)
        now = timezone.now()
        try:
            with transaction.atomic():
                sent = SentCommunication.objects.create(
                    incident=incident,
                    token=token,
                    kind=kind,
                    language=language,
                    recipients=to.as_dict(),
                    audience_ids=[audience.pk for audience in audiences],
                    sent_by=by,
                    sent_at=now,
                    **texts,
                )
        except IntegrityError:
            raise CommsError(_("This message was already sent.")) from None
        for channel, name, subject, body in to.messages(texts):
            notification_enqueue(
                incident=incident,
                channel=channel,
                address="" if channel == "slack" else name,
                subject=subject,
                body=body,
                reason=events.SENT,
                key=f"comms:{token}:{channel}:{name}"[:200],
            )
        published = state.public and bool(texts["public_text"])
        if published:
            PublicUpdate.objects.create(
                incident=incident, kind=kind, text=texts["public_text"], published_at=now
            )
            invalidate_status_page()
        timeline_append(
            incident=incident,
            kind=events.SENT,
            actor=by,
            at=now,
            data={
                "kind": kind,
                "language": language,
                **texts,
                "recipients": to.as_dict(),
                "audiences": [a.name for a in audiences],
                "published": published,
            },
        )
        if kind == TemplateKind.RESOLVED:
            cadence_stop(incident=incident)
        else:
            cadence_restart(incident=incident)
    return sent


def _check_texts(to: Recipients, texts: dict[str, str]) -> None:
    if to.is_empty:
        raise CommsError(
            _("The chosen audiences have nobody to send to; add members in the admin.")
        )
    needed = []
    if to.emails:
        needed += ["email_subject", "email_body"]
    if to.slack:
        needed.append("slack_text")
    if to.phones:
        needed.append("sms_text")
    empty = [label_of(MessageTemplate, p) for p in needed if not texts[p]]
    if empty:
        raise CommsError(_("Write the %(parts)s first.") % {"parts": ", ".join(empty)})


def template_update(
    *, template: MessageTemplate, by: Actor, parts: dict[str, str]
) -> MessageTemplate:
    """Save a template's parts when every part compiles; else say which and where."""
    problems = []
    for part in PARTS:
        try:
            # Filled in once with the sample incident: within the sandbox's bounds?
            render_part(part, parts[part], sample_context(template.language))
        except TemplateProblem as problem:
            problems.append(str(problem))
    if problems:
        raise CommsError(problems)
    with transaction.atomic():
        locked = MessageTemplate.objects.select_for_update().get(pk=template.pk)
        for part in PARTS:
            setattr(locked, part, parts[part])
        locked.updated_by = by
        locked.save()
    return locked


def resolved_notice_waive(*, incident: Incident, by: Actor, reason: str) -> IncidentComms:
    """A commander closes without the resolved notice, saying why (on the timeline)."""
    reason = (reason or "").strip()
    if not reason:
        raise CommsError(_("Say why the resolved notice is not sent."))
    if len(reason) > 500:
        raise CommsError(_("Keep the reason under 500 characters."))
    with transaction.atomic():
        incident = Incident.objects.locked([incident]).get()
        state = comms_state_for(incident, lock=True)
        if state.resolved_notice_waived_at is not None:
            raise CommsError(_("The resolved notice was already waived."))
        now = timezone.now()
        state.resolved_notice_waived_at, state.resolved_notice_waived_by = now, by
        state.resolved_notice_waiver_reason = reason
        state.save(
            update_fields=[
                "resolved_notice_waived_at",
                "resolved_notice_waived_by",
                "resolved_notice_waiver_reason",
            ]
        )
        timeline_append(
            incident=incident,
            kind=events.RESOLVED_NOTICE_WAIVED,
            actor=by,
            at=now,
            data={"reason": reason},
        )
    return state
