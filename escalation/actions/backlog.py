"""P3 not resolved at 2x SLA: it goes to the backlog and its clocks stop."""

from datetime import datetime

from django.utils.translation import gettext as _

from incidents.models import Deadline
from incidents.services import incident_move_to_backlog

from ..handlers import Outcome, register


@register("backlog")
def move_to_backlog(deadline: Deadline, now: datetime) -> Outcome:
    incident_move_to_backlog(
        incident=deadline.incident, by=None, reason=_("Not resolved at 2x its SLA.")
    )
    return Outcome(summary=_("Moved to the backlog; its clocks stopped."))
