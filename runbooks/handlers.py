"""Deadline handlers of this app, listed in settings.DEADLINE_HANDLERS.

``rule:<pk>`` and ``rollback_failed`` deadlines carry data["action"] == "escalate" and are
fired by the escalation app's own "escalate" handler. The LGPD notice is ours.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from escalation.selectors import who_answers_for
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline, RoleKey
from incidents.selectors import display_name
from incidents.services import timeline_append
from notifications.paging import page_person

from . import events


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
