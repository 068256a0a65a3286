"""Acknowledge SLA passed with no acknowledgement: say so and page the First Responder again."""

from datetime import datetime

from django.utils.translation import gettext as _

from incidents.models import Deadline, RoleKey
from incidents.selectors import display_name
from incidents.services import timeline_append

from .. import events
from ..handlers import Outcome, register
from .common import nobody_on_call, page, person_to_page, sla_multiple, who


@register("acknowledge")
def sla_breached(deadline: Deadline, now: datetime) -> Outcome:
    incident = deadline.incident
    user, _holds = person_to_page(incident, RoleKey.FIRST_RESPONDER, now)
    data = {
        "level": deadline.kind,
        "role": RoleKey.FIRST_RESPONDER.value,
        "due_at": deadline.due_at.isoformat(),
        "multiple": sla_multiple(incident, deadline.due_at),
        "nobody_on_call": user is None,
        **who(user),
    }
    timeline_append(incident=incident, kind=events.SLA_BREACHED, at=now, data=data)
    if user is None:
        return Outcome(summary=nobody_on_call(RoleKey.FIRST_RESPONDER), data=data)
    page(deadline=deadline, user=user, reason="sla_breached")
    return Outcome(
        summary=_("SLA breached; paged %(name)s again") % {"name": display_name(user)},
        paged=user,
        data=data,
    )
