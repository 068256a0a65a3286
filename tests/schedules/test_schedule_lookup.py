"""Who is on call at the boundaries: hand-off minute, end of the list, restrictions,
layers, overrides, daylight saving. All through THE lookup (escalation.selectors)."""

import datetime as dt

import pytest
import time_machine

from escalation.selectors import on_call_user
from incidents.models import Role
from schedules.services import override_create

from .conftest import at, random_overrides

pytestmark = pytest.mark.django_db


def who(role_key: str, when: dt.datetime) -> str | None:
    user = on_call_user(role_key, when)
    return user.username if user else None


def test_schedule_handoff_minute_and_end_of_list(rotation):
    rotation()  # weekly from Mon 2026-03-02 09:00: ana, rafa, bia, ana...
    assert who("first_responder", at("2026-03-02 08:59:59")) is None  # not started yet
    assert who("first_responder", at("2026-03-02 09:00")) == "ana"
    assert who("first_responder", at("2026-03-09 08:59:59")) == "ana"
    assert who("first_responder", at("2026-03-09 09:00")) == "rafa"
    assert who("first_responder", at("2026-03-16 09:00")) == "bia"
    assert who("first_responder", at("2026-03-23 09:00")) == "ana"  # the list starts over
    assert who("first_responder", at("2027-03-01 12:00")) == ["ana", "rafa", "bia"][52 % 3]


def test_schedule_daily_and_hours_rotations(rotation):
    rotation(length="daily", handoff_time=dt.time(18, 0))
    assert who("first_responder", at("2026-03-03 17:59")) == "ana"
    assert who("first_responder", at("2026-03-03 18:00")) == "rafa"
    rotation("escalation_engineer", length="hours", length_hours=12)
    assert who("escalation_engineer", at("2026-03-02 20:59")) == "ana"
    assert who("escalation_engineer", at("2026-03-02 21:00")) == "rafa"
    assert who("escalation_engineer", at("2026-03-03 09:00")) == "bia"


def test_schedule_weekday_restriction_and_higher_layer_wins(rotation, team):
    rotation(people=[team["carla"]])  # layer 1: Carla around the clock
    rotation(layer=2, people=[team["ana"], team["rafa"]], restriction="weekdays")
    assert who("first_responder", at("2026-03-06 23:59")) == "ana"  # Friday: layer 2
    assert who("first_responder", at("2026-03-07 00:00")) == "carla"  # Saturday: layer 1
    assert who("first_responder", at("2026-03-09 00:00")) == "ana"  # Monday, before hand-off
    assert who("first_responder", at("2026-03-09 09:00")) == "rafa"


def test_schedule_business_hours_skip_brazilian_holidays(rotation, team):
    rotation(people=[team["carla"]])
    rotation(layer=2, people=[team["ana"]], restriction="business_hours")
    assert who("first_responder", at("2026-04-20 08:59")) == "carla"
    assert who("first_responder", at("2026-04-20 09:00")) == "ana"
    assert who("first_responder", at("2026-04-20 18:00")) == "carla"
    assert who("first_responder", at("2026-04-21 10:00")) == "carla"  # Tiradentes


def test_schedule_override_inside_and_across_a_handoff(rotation, team):
    rotation(people=[team["ana"], team["rafa"]])
    role = Role.objects.get(key="first_responder")
    with time_machine.travel(at("2026-03-01 12:00"), tick=False):
        override_create(
            role=role,
            user=team["bia"],
            starts_at=at("2026-03-03 10:00"),
            ends_at=at("2026-03-03 14:00"),
            by=team["carla"],
        )
        across = override_create(
            role=role,
            user=team["carla"],
            starts_at=at("2026-03-09 06:00"),
            ends_at=at("2026-03-09 12:00"),
            by=team["carla"],
        )
        later = override_create(  # overlaps the one before: the later one wins
            role=role,
            user=team["bia"],
            starts_at=at("2026-03-09 11:00"),
            ends_at=at("2026-03-09 13:00"),
            by=team["carla"],
        )
    assert who("first_responder", at("2026-03-03 09:59")) == "ana"
    assert who("first_responder", at("2026-03-03 10:00")) == "bia"
    assert who("first_responder", at("2026-03-03 14:00")) == "ana"
    assert who("first_responder", at("2026-03-09 08:59")) == "carla"  # ana's end
    assert who("first_responder", at("2026-03-09 09:00")) == "carla"  # rafa's start
    assert who("first_responder", at("2026-03-09 11:00")) == "bia"
    assert who("first_responder", at("2026-03-09 13:00")) == "rafa"
    assert across.replaces == team["ana"] and later.pk > across.pk


def test_schedule_daylight_saving_keeps_wall_clock_handoffs(rotation, team):
    # New York springs forward on 2026-03-08 (02:00 -> 03:00) and falls back on 2026-11-01.
    ny = "America/New_York"
    rotation(length="daily", zone=ny, start_date=dt.date(2026, 3, 6), handoff_time=dt.time(9, 0))
    assert who("first_responder", at("2026-03-08 08:59", ny)) == "rafa"
    assert who("first_responder", at("2026-03-08 09:00", ny)) == "bia"  # 13:00 UTC, not 14:00
    assert who("first_responder", at("2026-11-01 09:00", ny)) is not None
    before = on_call_user("first_responder", at("2026-11-01 08:59", ny))
    after = on_call_user("first_responder", at("2026-11-01 09:00", ny))
    assert before != after
    # A hand-off at 02:30 on the spring-forward day happens at 03:00, the next valid time.
    rotation(
        "escalation_engineer",
        length="daily",
        zone=ny,
        start_date=dt.date(2026, 3, 7),
        handoff_time=dt.time(2, 30),
    )
    assert who("escalation_engineer", at("2026-03-08 02:59:59", ny)) == "ana"
    assert who("escalation_engineer", at("2026-03-08 03:00", ny)) == "rafa"
    assert who("escalation_engineer", at("2026-03-09 02:30", ny)) == "bia"


def test_schedule_roster_shift_answers_below_the_rotations(rotation, team):
    from escalation.models import OnCallShift

    role = Role.objects.get(key="first_responder")
    OnCallShift.objects.create(role=role, user=team["carla"], starts_at=at("2026-01-01 00:00"))
    assert who("first_responder", at("2026-03-01 12:00")) == "carla"
    rotation(people=[team["ana"]])
    assert who("first_responder", at("2026-03-02 09:00")) == "ana"


def test_schedule_point_lookup_agrees_with_the_timeline(rotation, team):
    """The paging path (holder_at) and the pages' timeline (resolve) are one rule."""
    import random

    from schedules.plan import current_plan
    from schedules.resolve import holder_at, resolve

    rotation(people=[team["carla"], team["ana"]], length="daily", handoff_time=dt.time(7, 30))
    rotation(
        layer=2,
        people=[team["rafa"], team["bia"]],
        length="hours",
        length_hours=5,
        restriction="business_hours",
    )
    rotation(layer=3, people=[team["ana"]], restriction="weekdays", start_date=dt.date(2026, 4, 1))
    role = Role.objects.get(key="first_responder")
    random_overrides(team, random.Random(3), count=15, days=50)
    with time_machine.travel(at("2026-03-01 00:00"), tick=False):
        plan = current_plan().for_role(role.key)
    start = at("2026-03-01 00:00")
    segments = resolve(plan, start, start + dt.timedelta(days=60))
    for segment in segments:
        for moment in (segment.start, segment.start + (segment.end - segment.start) / 2):
            assert holder_at(plan, moment)[0] == segment.user_id, moment
