"""The louder step itself: still unacknowledged when a step of a person's notification rules
falls due, so the sweep pages that person on the step's channels."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from incidents.batch_services import TimelineEntry, timeline_append_many
from incidents.deadline_handlers import Outcome, deadline_handler
from incidents.models import Deadline
from incidents.selectors import display_name

from . import events
from .louder import ACTION, channels_label, louder_reason
from .paging import PageRequest, page_people


@deadline_handler(ACTION)
def page_louder(deadlines: list[Deadline], now: datetime) -> list[Outcome]:
    """Still unacknowledged at a later step: page the person on that step's channels."""
    ids = {int(d.data["user_id"]) for d in deadlines}
    users = get_user_model().objects.select_related("profile").in_bulk(ids)
    requests: list[PageRequest] = []
    entries: list[TimelineEntry] = []
    outcomes: list[Outcome] = []
    for deadline in deadlines:
        data = dict(deadline.data)
        user = users.get(int(data["user_id"]))
        if user is None or not user.is_active:
            outcomes.append(Outcome(summary=_("Nobody to page: that person left"), data=data))
            continue
        reason = louder_reason(data["reason"], deadline.stops_on)
        key = f"{data['page_key']}:louder{data['step']}"
        requests.append(
            PageRequest(deadline.incident, user, reason, key, channels=tuple(data["channels"]))
        )
        entries.append(TimelineEntry(deadline.incident, events.PAGED_LOUDER, data))
        summary = _("Still not acknowledged: paged %(name)s by %(channels)s") % {
            "name": display_name(user),
            "channels": channels_label(data["channels"]),
        }
        outcomes.append(Outcome(summary=summary, paged=user, data=data))
    timeline_append_many(entries, at=now)
    page_people(requests)
    return outcomes
