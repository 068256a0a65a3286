"""Deadline handlers of this app, registered with the escalation sweep in AppConfig.ready().

``rule:<pk>`` and ``rollback_failed`` deadlines carry data["action"] == "escalate" and are
fired by the escalation app's own "escalate" handler. The LGPD notice is ours.
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from incidents.models import Deadline, RoleKey
from incidents.selectors import display_name
from incidents.services import timeline_append

from . import events


def _page(incident: Any, user: Any, reason: str, key: str) -> bool:
    try:
        from notifications.services import page_person  # type: ignore[import-not-found]
    except ImportError:  # paging lands with the notifications app
        return False
    page_person(incident=incident, user=user, reason=reason, key=key)
    return True


def lgpd_deadline_passed(deadline: Deadline, now: datetime) -> Any:
    """The ANPD / data-subject notice is overdue: on the timeline, and page the commander."""
    from escalation.selectors import who_answers_for  # the sweep's app; no import cycle

    incident = deadline.incident
    commander = who_answers_for(incident, RoleKey.INCIDENT_COMMANDER)
    reason = str(
        _("%(ref)s: the LGPD notice to the ANPD and the people affected is overdue.")
        % {"ref": incident.reference}
    )
    # The notifications app stores a short reason slug: "<role>:<why>".
    slug = f"{RoleKey.INCIDENT_COMMANDER.value}:{events.LGPD_DEADLINE}"
    paged = bool(commander) and _page(incident, commander, slug, f"lgpd:{incident.pk}")
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
    try:
        from escalation.handlers import Outcome
    except ImportError:
        return None
    return Outcome(summary=reason, paged=commander if paged else None)


def register_handlers() -> None:
    try:
        from escalation.handlers import register
    except ImportError:  # the sweep is not on this checkout yet
        return
    register(events.LGPD_DEADLINE)(lgpd_deadline_passed)
