"""A deactivated account is never on call: not on the schedule pages, not in their live
preview, not in "your next shift" or a calendar feed, and not paged. Whoever is next in
line answers instead (another override, a lower layer, the roster), as paging always did;
with nobody, the deactivated person's turn is a coverage gap: commanders see the banner and
a page goes to the fallback list."""

import datetime as dt
import random

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from escalation.models import OnCallShift
from escalation.selectors import on_call_user
from escalation.services import sweep_steps
from escalation.sweep import sweep_due_deadlines
from incidents.models import Role
from notifications.models import Notification
from schedules.models import CalendarFeed, Handoff
from schedules.selectors import coverage_gaps, role_timeline, shifts_of
from schedules.services import override_create

from .conftest import at, random_overrides

pytestmark = pytest.mark.django_db
NOW = at("2026-03-04 12:00")  # Wednesday; weekly turns hand off on Mondays at 09:00


def deactivate(user) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


def english(*people) -> None:
    for person in people:
        person.profile.language = "en"
        person.profile.save()


def first_responder_gaps() -> list:
    return [segment for key, segment in coverage_gaps() if key == "first_responder"]


def who(when: dt.datetime) -> str | None:
    user = on_call_user("first_responder", when)
    return user.username if user else None


def test_schedule_deactivated_member_turn_is_a_gap_paged_to_the_fallback(
    client, rotation, team, declare
):
    rotation(people=[team["ana"], team["rafa"], team["bia"]])  # Rafael: 09/03 to 16/03
    rotation("incident_commander", people=[team["carla"]])
    deactivate(team["rafa"])
    english(team["carla"])
    with time_machine.travel(NOW, tick=False):
        [gap] = first_responder_gaps()
        assert (gap.start, gap.end) == (at("2026-03-09 09:00"), at("2026-03-16 09:00"))
        assert gap.user_id is None and gap.skipped_user_id == team["rafa"].pk

        client.force_login(team["carla"])
        banner = client.get("/").content.decode()
        banner = banner[banner.index('id="coverage-gaps"') :]  # the commander is warned
        assert "First Responder</bdi></a>: Mon 09/03 09:00 → Mon 16/03 09:00" in banner
        page = client.get(reverse("schedules:role", args=["first_responder"])).content.decode()
        timeline = page[
            page.index('id="timeline"') : page.index("</section>", page.index('id="timeline"'))
        ]
        assert "Rafael Costa" not in timeline.replace(
            "<bdi>Rafael Costa</bdi> skipped: account deactivated", ""
        )  # never shown as on call, only as the person skipped
        assert "<bdi>Rafael Costa</bdi> skipped: account deactivated" in timeline
        gap_row = timeline[: timeline.index("skipped: account deactivated")]
        assert gap_row[gap_row.rindex("<li") :].count("Nobody on call") == 1
        layers = page[page.index('id="layers"') :]
        assert "<bdi>Rafael Costa</bdi> <span" in layers and "deactivated: skipped" in layers

    assert who(at("2026-03-10 03:00")) is None  # paging agrees: nobody is on call
    with time_machine.travel(at("2026-03-10 03:00"), tick=False):
        incident = declare("P1")
        sweep_due_deadlines()
    pages = Notification.objects.filter(incident=incident, root__isnull=True)
    assert team["rafa"].pk not in {p.user_id for p in pages}
    fallback = pages.get(reason="nobody_on_call:first_responder")
    assert fallback.user == team["carla"]  # the commander on call, as for any gap
    event = incident.timeline.get(kind="first_responder_paged")
    assert event.data["nobody_on_call"] is True and event.data["fallback"] == ["Carla Mendes"]


def test_schedule_lower_layer_answers_for_a_deactivated_person_everywhere(
    client, rotation, team, declare
):
    rotation(people=[team["bia"]])  # layer 1: Bia always
    rotation(layer=2, people=[team["ana"], team["rafa"]])  # Rafael: 09/03 to 16/03
    english(team["bia"])
    with time_machine.travel(NOW, tick=False):
        assert shifts_of(team["bia"].pk, NOW, NOW + dt.timedelta(days=14)) == []
        deactivate(team["rafa"])
        assert first_responder_gaps() == []  # Bia covers: no gap
        week = [s for s in role_timeline("first_responder", NOW, NOW + dt.timedelta(days=14))]
        covered = [s for s in week if s.start == at("2026-03-09 09:00")]
        assert covered[0].user_id == team["bia"].pk
        assert covered[0].skipped_user_id == team["rafa"].pk

        client.force_login(team["bia"])  # the dashboard: her next shift
        dashboard = client.get("/").content.decode()
        banner = dashboard[dashboard.index('id="my-on-call"') :]
        assert "Your next shift: <bdi>First Responder</bdi>" in banner
        assert "Mon 09/03 09:00 → Mon 16/03 09:00" in banner

        client.post(reverse("schedules:feed_reset"))
        feed = CalendarFeed.objects.get(user=team["bia"])
        client.logout()
        ical = client.get(reverse("schedules:feed", args=[feed.token])).content
        starts = {e.decoded("dtstart") for e in Calendar.from_ical(ical).walk("VEVENT")}
        assert at("2026-03-09 09:00") in starts  # Rafael's turns are hers now
        assert shifts_of(team["rafa"].pk, NOW, NOW + dt.timedelta(days=60)) == []

    assert who(at("2026-03-10 03:00")) == "bia"
    with time_machine.travel(at("2026-03-10 03:00"), tick=False):
        incident = declare("P1")
        sweep_due_deadlines()
    [page] = Notification.objects.filter(incident=incident, root__isnull=True)
    assert page.user == team["bia"] and page.reason != "nobody_on_call:first_responder"


def test_schedule_previews_skip_a_deactivated_person(client, rotation, team):
    rotation(people=[team["ana"], team["rafa"]])  # Rafael: 09/03 to 16/03
    deactivate(team["rafa"])
    english(team["carla"])
    client.force_login(team["carla"])
    with time_machine.travel(NOW, tick=False):
        # The rotation editor: a weekday layer above leaves Rafael's weekend a gap.
        url = reverse("schedules:rotation_new", args=["first_responder"])
        data = {
            "name": "Weekdays",
            "layer": "2",
            "length": "weekly",
            "length_hours": "",
            "handoff_time": "09:00",
            "timezone": "America/Sao_Paulo",
            "start_date": "2026-03-02",
            "restriction": "weekdays",
            "member_0": team["bia"].pk,
            "action": "preview",
        }
        preview = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
        assert "Rafael Costa" not in preview.replace("<bdi>Rafael Costa</bdi> skipped", "")
        assert "<bdi>Rafael Costa</bdi> skipped: account deactivated" in preview
        assert "Nobody on call" in preview  # his weekend (14/03 to 16/03)
        assert "Ana Souza" in preview and "Bia Alves" in preview

        # The override form: covering part of his week closes that part of the gap only.
        url = reverse("schedules:override_new", args=["first_responder"])
        data = {
            "user": team["bia"].pk,
            "starts_at": "2026-03-10T09:00",
            "ends_at": "2026-03-11T09:00",
            "note": "",
            "action": "preview",
        }
        preview = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
        assert "Rafael Costa" not in preview.replace("<bdi>Rafael Costa</bdi> skipped", "")
        assert preview.count("Nobody on call") == 2  # before and after Bia's day


def test_schedule_overrides_and_roster_next_in_line_agree_with_paging(rotation, team):
    role = Role.objects.get(key="first_responder")
    OnCallShift.objects.create(role=role, user=team["carla"], starts_at=at("2026-01-01 00:00"))
    OnCallShift.objects.create(role=role, user=team["ana"], starts_at=at("2026-02-01 00:00"))
    rotation(people=[team["rafa"]], restriction="weekdays")
    with time_machine.travel(at("2026-03-01 00:00"), tick=False):
        override_create(
            role=role,
            user=team["bia"],
            starts_at=at("2026-03-03 08:00"),
            ends_at=at("2026-03-03 20:00"),
            by=team["carla"],
        )
    for name in ("bia", "ana"):
        deactivate(team[name])
    # Tuesday: the override's Bia is out, the layer's Rafael answers.
    # Saturday: the roster's latest shift (Ana) is out, the one before it (Carla) answers.
    for when in (at("2026-03-03 12:00"), at("2026-03-07 12:00")):
        [segment] = role_timeline("first_responder", when, when + dt.timedelta(minutes=1))
        assert who(when) == {team["rafa"].pk: "rafa", team["carla"].pk: "carla"}[segment.user_id]
    tuesday = role_timeline("first_responder", at("2026-03-03 12:00"), at("2026-03-03 12:01"))
    assert tuesday[0].skipped_user_id == team["bia"].pk


def test_schedule_point_lookup_agrees_with_the_timeline_with_people_deactivated(rotation, team):
    """What paging picks (on_call_user) is what the page shows (role_timeline), moment by
    moment, with overrides, layers and the roster, some of their people deactivated."""
    role = Role.objects.get(key="first_responder")
    OnCallShift.objects.create(role=role, user=team["carla"], starts_at=at("2026-01-01 00:00"))
    rotation(people=[team["carla"], team["ana"]], length="daily", handoff_time=dt.time(7, 30))
    rotation(layer=2, people=[team["rafa"], team["bia"]], length="hours", length_hours=5,
             restriction="business_hours")  # fmt: skip
    rng = random.Random(7)
    random_overrides(team, rng, count=12, days=20)
    deactivate(team["ana"])
    deactivate(team["bia"])
    start = at("2026-03-01 00:00")
    segments = role_timeline("first_responder", start, start + dt.timedelta(days=21))
    names = {u.pk: u.username for u in team.values()}
    assert {s.skipped_user_id for s in segments} >= {team["ana"].pk, team["bia"].pk}
    for _ in range(300):
        when = start + dt.timedelta(minutes=rng.randrange(0, 21 * 24 * 60))
        [segment] = [s for s in segments if s.start <= when < s.end]
        assert who(when) == names.get(segment.user_id), when
        assert who(when) not in ("ana", "bia")


def test_schedule_handoff_not_sent_to_a_person_deactivated_after_it_was_planned(rotation, team):
    with time_machine.travel(at("2026-03-01 12:00"), tick=False):
        rotation(people=[team["ana"], team["rafa"]])  # Rafael from Mon 09:00
    with time_machine.travel(at("2026-03-08 20:01"), tick=False):
        sweep_steps()  # plans the next day's hand-off to Rafael
    assert Handoff.objects.get(at=at("2026-03-09 09:00")).incoming == team["rafa"]
    deactivate(team["rafa"])
    with time_machine.travel(at("2026-03-09 09:00:02"), tick=False):
        sweep_steps()
    assert not Notification.objects.filter(reason="handoff", user=team["rafa"]).exists()
    assert Handoff.objects.get(at=at("2026-03-09 09:00")).data["deactivated"] is True
