"""P3 not resolved at 2x SLA: it goes to the backlog and its clocks stop."""

from datetime import datetime

from django.utils.translation import gettext as _

from incidents.batch_services import incidents_move_to_backlog_bulk
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline


@deadline_handler("backlog")
def move_to_backlog(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    reason = _("Not resolved at 2x its SLA.")
    incidents_move_to_backlog_bulk([d.incident for d in deadlines], by=None, reason=reason)
    return [Outcome(summary=_("Moved to the backlog; its clocks stopped.")) for _d in deadlines]
