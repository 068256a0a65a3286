"""A person's on-call shifts as an iCalendar feed (the icalendar library)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from incidents.models import Role

from .selectors import shifts_of

PAST, FUTURE = dt.timedelta(days=7), dt.timedelta(days=60)


def calendar_for(user: Any, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    language = getattr(getattr(user, "profile", None), "language", settings.LANGUAGE_CODE)
    roles = {role.key: role for role in Role.objects.all()}
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Incident response//On-call schedule//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("On call: %(name)s") % {"name": user.get_full_name()})
        for role_key, segment in shifts_of(user.pk, now - PAST, now + FUTURE):
            role = roles[role_key]
            event = Event()
            event.add(
                "uid", f"oncall-{role.key}-{user.pk}-{segment.start:%Y%m%dT%H%M%SZ}@incidents"
            )
            event.add("summary", _("On call: %(role)s") % {"role": role.name})
            event.add("dtstart", segment.start.astimezone(dt.UTC))
            event.add("dtend", segment.end.astimezone(dt.UTC))
            event.add("dtstamp", now.astimezone(dt.UTC))
            event.add(
                "url", settings.SITE_URL.rstrip("/") + reverse("schedules:role", args=[role.key])
            )
            calendar.add_component(event)
    return calendar.to_ical()
