"""P3 not resolved at 2x SLA: it goes to the backlog and its clocks stop."""

from datetime import datetime

from django.utils.translation import gettext as _

from incidents.batch_services import incidents_move_to_backlog_bulk
from incidents.models import Deadline
from incidents.services import incident_move_to_backlog

from ..handlers import Outcome, register, register_batch


def _reason() -> str:
    return _("Not resolved at 2x its SLA.")


def _outcome() -> Outcome:
    return Outcome(summary=_("Moved to the backlog; its clocks stopped."))


@register("backlog")
def move_to_backlog(deadline: Deadline, now: datetime) -> Outcome:
    incident_move_to_backlog(incident=deadline.incident, by=None, reason=_reason())
    return _outcome()


@register_batch("backlog")
def move_many_to_backlog(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    incidents_move_to_backlog_bulk([d.incident for d in deadlines], by=None, reason=_reason())
    return [_outcome() for _deadline in deadlines]
