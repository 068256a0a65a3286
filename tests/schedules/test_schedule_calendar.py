"""The personal calendar feed: iCalendar at a secret URL, parsed back by the library; a
reset kills the old URL."""

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from schedules.models import CalendarFeed

from .conftest import at

pytestmark = pytest.mark.django_db


@time_machine.travel(at("2026-03-04 12:00"), tick=False)
def test_schedule_ical_feed_parsed_back_and_reset(client, rotation, team):
    rotation(people=[team["ana"], team["rafa"]])  # weekly from Mon 2026-03-02 09:00
    client.force_login(team["ana"])
    client.post(reverse("schedules:feed_reset"))
    feed = CalendarFeed.objects.get(user=team["ana"])
    url = reverse("schedules:feed", args=[feed.token])
    client.logout()  # a phone's calendar has no session
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts[0] == at("2026-03-02 09:00")  # this week's turn, then every other week
    assert starts[1] == at("2026-03-16 09:00")
    week = at("2026-03-09 09:00") - at("2026-03-02 09:00")
    ends = sorted(e.decoded("dtend") for e in events)
    assert [end - start for start, end in zip(starts, ends, strict=True)][:-1] == [week] * (
        len(starts) - 1
    )  # the last one is cut where the feed stops
    assert "Primeiro Respondedor" in str(events[0]["summary"])

    client.force_login(team["ana"])
    client.post(reverse("schedules:feed_reset"))
    client.logout()
    assert client.get(url).status_code == 404  # the old URL is dead
    fresh = CalendarFeed.objects.get(user=team["ana"]).token
    assert fresh != feed.token
    assert client.get(reverse("schedules:feed", args=[fresh])).status_code == 200
