"""Restricted (security) incidents: only commanders, managers and the people taking part."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Role
from incidents.services import incident_assign_role, incident_set_restricted
from notifications.messages import page_messages

from .world import build_world, make_user


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_security_restricted_visibility_per_role():
    world = build_world()
    secret = world.restricted_incident
    page = reverse("incidents:detail", args=[secret.pk])
    expected = {"outsider": 403, "responder": 404, "commander": 200, "manager": 200, "admin": 200}
    for role, status in expected.items():
        client = _client(world.users[role])
        assert client.get(page).status_code == status, role
        dashboard = client.get("/")
        if dashboard.status_code == 200:
            listed = f'id="incident-{secret.pk}"' in dashboard.content.decode()
            assert listed == (status == 200), role
            assert f'id="incident-{world.incident.pk}"' in dashboard.content.decode(), role
    # The 404 names nothing but the number.
    outside = _client(world.users["responder"]).get(page)
    assert b"Leaked keys" not in outside.content
    # Actions on it are refused as if it did not exist.
    note = reverse("incidents:add_note", args=[secret.pk])
    assert _client(world.users["responder"]).post(note, {"text": "hi"}).status_code == 404
    assert not secret.timeline.filter(kind="note_added").exists()


@pytest.mark.django_db
def test_security_restricted_people_taking_part_see_it():
    world = build_world()
    secret = world.restricted_incident
    page = reverse("incidents:detail", args=[secret.pk])
    helper = make_user("sec-helper", "Responder")
    assert _client(helper).get(page).status_code == 404
    role = Role.objects.get(key="escalation_engineer")
    incident_assign_role(incident=secret, role=role, user=helper, by=world.users["commander"])
    assert _client(helper).get(page).status_code == 200
    assert b"Leaked keys" in _client(helper).get("/").content


@pytest.mark.django_db
def test_security_restricted_paging_text_has_only_the_number():
    world = build_world()
    secret = world.restricted_incident
    [(subject, body)] = page_messages([(secret, world.users["responder"], "sla_breached")])
    assert "Leaked keys" not in subject + body
    assert secret.reference in subject and secret.reference in body
    [(subject, body)] = page_messages([(world.incident, world.users["responder"], "declared")])
    assert "Backend 500" in body


@pytest.mark.django_db
def test_security_restricted_commander_marks_it_and_it_is_on_the_timeline():
    world = build_world()
    client = _client(world.users["commander"])
    url = reverse("incidents:restrict", args=[world.incident.pk])
    assert client.post(url, {"restricted": "on"}).status_code == 302
    world.incident.refresh_from_db()
    assert world.incident.restricted
    assert world.incident.timeline.filter(kind="restriction_changed").count() == 1
    assert (
        _client(world.users["responder"])
        .get(reverse("incidents:detail", args=[world.incident.pk]))
        .status_code
        == 404
    )
    incident_set_restricted(incident=world.incident, restricted=False, by=None)
    assert world.incident.timeline.filter(kind="restriction_changed").count() == 2
