"""The daily coverage report: once a day, the managers hear of every gap of the next two
weeks in a paging role (settings.SWEEP_STEPS). The day's row is the claim."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from incidents.access import MANAGER
from incidents.models import Role

from . import events
from .models import GapReport, ScheduleEvent
from .notify import speaking_to, tell
from .selectors import coverage_gaps

REPORT_AFTER = dt.time(8, 0)  # local time (settings.TIME_ZONE)


def gap_report_send(now: dt.datetime) -> int:
    """Send today's report if it is time and nobody sent it yet. Returns the gaps reported."""
    local = timezone.localtime(now)
    if local.time() < REPORT_AFTER or GapReport.objects.filter(day=local.date()).exists():
        return 0
    gaps = coverage_gaps(now)
    names = {role.key: role for role in Role.objects.all()}
    try:
        with transaction.atomic():
            GapReport.objects.create(
                day=local.date(),
                sent_at=now,
                gaps=[[key, s.start.isoformat(), s.end.isoformat()] for key, s in gaps],
            )
            if gaps:
                _tell_managers(gaps, names, local.date())
                ScheduleEvent.objects.create(
                    at=now, kind=events.GAP_REPORTED, data={"gaps": len(gaps)}
                )
    except IntegrityError:
        return 0  # another sweep sent it
    return len(gaps)


def _tell_managers(gaps, names, day) -> None:  # type: ignore[no-untyped-def]
    managers = get_user_model().objects.filter(groups__name=MANAGER, is_active=True)
    for manager in managers.select_related("profile"):
        with speaking_to(manager):
            lines = [f"{names[key].name}: {_when(s.start)} → {_when(s.end)}" for key, s in gaps]
            subject = _("On-call gaps in the next 14 days: %(count)s") % {"count": len(gaps)}
            body = (
                _("Nobody is on call then; pages go to the fallback list.") + " " + "; ".join(lines)
            )
        tell(
            manager,
            reason="gap_report",
            key=f"schedule:gaps:{day}:user:{manager.pk}",
            subject=subject,
            body=body,
        )


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "D d/m H:i")


def sweep_gap_report(now: dt.datetime) -> int:
    """This app's entry in settings.SWEEP_STEPS."""
    return gap_report_send(now)
