"""The lookup keeps the plan and people's contact data per process, checked against their
versions in one query (triggers change the people's version with every edit, however it is
made): a page goes to the address saved a moment ago and never to a deactivated account."""

import pytest
import time_machine
from django.contrib.auth import get_user_model

from escalation.selectors import on_call_user
from escalation.sweep import sweep_due_deadlines
from incidents.models import Profile, Role
from incidents.services import incident_assign_role, profile_update
from notifications.models import Notification
from schedules.services import override_create

from .conftest import at

pytestmark = pytest.mark.django_db

MONDAY = "2026-03-02 12:00"


def test_schedule_lookup_sees_contact_edits_at_once(rotation, team, django_assert_num_queries):
    rotation(people=[team["ana"]])
    with time_machine.travel(at(MONDAY), tick=False):
        assert on_call_user("first_responder").profile.phone == "+55 11 90000-0000"
        profile_update(user=team["ana"], phone="+55 11 95555-0001", slack_handle="@ana.new")
        with django_assert_num_queries(2):  # the versions, then the edited person again
            ana = on_call_user("first_responder")
        assert (ana.profile.phone, ana.profile.slack_handle) == ("+55 11 95555-0001", "@ana.new")
        with django_assert_num_queries(1):  # nothing changed: plan and person are kept
            ana = on_call_user("first_responder")
        assert (ana.profile.phone, ana.profile.slack_handle) == ("+55 11 95555-0001", "@ana.new")
        # Edits that bypass the services (the admin site, a shell) are seen too.
        Profile.objects.filter(user=team["ana"]).update(language="en")
        get_user_model().objects.filter(pk=team["ana"].pk).update(email="ana@new.example.com")
        ana = on_call_user("first_responder")
    assert (ana.email, ana.profile.language) == ("ana@new.example.com", "en")


def test_schedule_page_goes_to_the_handle_saved_after_the_plan_was_read(rotation, team, declare):
    rotation(people=[team["ana"]])
    with time_machine.travel(at(MONDAY), tick=False):
        assert on_call_user("first_responder").username == "ana"  # the plan is kept
        profile_update(user=team["ana"], slack_handle="@ana.new")
        incident = declare("P1")
        sweep_due_deadlines()
    page = Notification.objects.get(incident=incident, user=team["ana"], root__isnull=True)
    assert (page.channel, page.address) == ("slack", "@ana.new")


def test_schedule_deactivated_person_is_skipped_for_the_next_in_line(rotation, team):
    rotation(people=[team["carla"]])  # layer 1
    rotation(layer=2, people=[team["ana"]])
    override_create(
        role=Role.objects.get(key="first_responder"),
        user=team["bia"],
        starts_at=at("2026-03-03 08:00"),
        ends_at=at("2026-03-03 20:00"),
        by=team["carla"],
        now=at("2026-03-02 08:00"),
    )
    tuesday = at("2026-03-03 12:00")
    assert on_call_user("first_responder", tuesday).username == "bia"
    for name in ("bia", "ana"):
        team[name].is_active = False
        team[name].save(update_fields=["is_active"])
    assert on_call_user("first_responder", tuesday).username == "carla"
    team["carla"].is_active = False
    team["carla"].save(update_fields=["is_active"])
    assert on_call_user("first_responder", tuesday) is None  # the fallback list is paged


def test_schedule_deactivated_person_gets_no_page(rotation, team, declare):
    rotation(people=[team["ana"]])
    with time_machine.travel(at(MONDAY), tick=False):
        assert on_call_user("first_responder").username == "ana"
        team["ana"].is_active = False
        team["ana"].save(update_fields=["is_active"])
        incident = declare("P1")
        sweep_due_deadlines()
    paged = Notification.objects.filter(incident=incident, root__isnull=True)
    assert team["ana"].pk not in {n.user_id for n in paged}
    assert {n.reason for n in paged} == {"nobody_on_call:first_responder"}


def test_schedule_lookup_returns_a_real_user_with_or_without_profile(rotation, team, declare):
    rotation(people=[team["rafa"]])
    Profile.objects.filter(user=team["rafa"]).delete()
    rafa = on_call_user("first_responder", at(MONDAY))
    assert isinstance(rafa, get_user_model()) and rafa == team["rafa"]
    assert getattr(rafa, "profile", None) is None
    assert rafa.date_joined == team["rafa"].date_joined and rafa.is_active is True
    incident = declare("P1")
    role = Role.objects.get(key="first_responder")
    incident_assign_role(incident=incident, role=role, user=rafa, by=team["carla"])
    assert incident.assignments.get().user_id == rafa.pk


def test_schedule_people_kept_through_logins_but_not_through_edits(rotation, team):
    from django.contrib.auth.models import update_last_login

    from schedules.people import versions

    rotation(people=[team["ana"]])
    before = versions()[1]
    update_last_login(None, team["ana"])  # every sign-in writes last_login: not a change
    assert versions()[1] == before
    team["ana"].first_name = "Ana Maria"
    team["ana"].save()
    assert versions()[1] != before
    assert on_call_user("first_responder", at(MONDAY)).first_name == "Ana Maria"
