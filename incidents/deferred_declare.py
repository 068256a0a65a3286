"""The second step of a two-step declaration (incident_declare_rows): the sweep fires the
DECLARE deadline and the incident gets its clocks and declare hooks, exactly once."""

from datetime import datetime

from django.utils.translation import gettext as _

from .deadline_handlers import Outcome, deadline_handler
from .models import Deadline, DeadlineKind
from .services import incident_declare_finish


@deadline_handler(DeadlineKind.DECLARE)
def finish_declarations(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    for deadline in deadlines:
        extra = deadline.data.get("extra") or {}
        incident_declare_finish(incident=deadline.incident, extra=extra, by=None)
    return [Outcome(summary=_("Clocks started; declare steps done.")) for _d in deadlines]
