"""The public status page: no login, nothing internal, cached, in the visitor's language."""

import pytest
from django.test import Client

from communications.services import comms_state_update
from incidents.services import incident_acknowledge, incident_add_note, incident_resolve

from .helpers import send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_no_incident_says_all_is_well_without_login(comms_defaults):
    response = Client().get("/status/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "All systems operational" in response.content.decode()


def test_public_incident_shows_its_updates_newest_first_and_nothing_internal(
    comms_defaults, audiences, declare, commander, django_capture_on_commit_callbacks
):
    incident = declare("P0", title="Internal: db-primary-3 OOM killed")
    incident_add_note(incident=incident, text="secret internal note", by=commander)
    with django_capture_on_commit_callbacks(execute=True):
        comms_state_update(
            incident=incident, by=commander, public=True, public_title="Login problems"
        )
        send(incident, commander, public_text="First: we are looking into it.")
        send(incident, commander, kind="status_update", public_text="Second: fix deployed.")
    html = Client().get("/status/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Login problems" in html
    assert html.index("Second: fix deployed.") < html.index("First: we are looking into it.")
    for leak in (
        "db-primary-3",
        "secret internal note",
        "Carla",
        "/incidents/",
        "INC-",
        "Slack text",
    ):
        assert leak not in html
    assert "We are working on an incident" in html


def test_incident_not_public_is_not_shown(comms_defaults, audiences, declare, commander):
    incident = declare("P1", title="Quiet incident")
    send(incident, commander, public_text="Should not be seen")
    comms_state_update(incident=incident, by=commander, public=False)
    html = Client().get("/status/").content.decode()
    assert "Should not be seen" not in html and "Quiet incident" not in html


def test_hostile_title_and_text_are_escaped(
    comms_defaults, audiences, declare, commander, django_capture_on_commit_callbacks
):
    incident = declare("P0", title="<script>alert(1)</script>")
    with django_capture_on_commit_callbacks(execute=True):
        send(incident, commander, public_text="<img src=x onerror=alert(2)>")
    html = Client().get("/status/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_in_the_visitors_language(comms_defaults):
    english = Client().get("/status/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    portuguese = Client().get("/status/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").content.decode()
    assert '<html lang="en">' in english and '<html lang="pt-br">' in portuguese


def test_served_from_cache_and_refreshed_when_something_is_published(
    comms_defaults,
    audiences,
    declare,
    commander,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    client = Client()
    client.get("/status/", HTTP_ACCEPT_LANGUAGE="en")
    with django_assert_num_queries(0):
        cached = client.get("/status/", HTTP_ACCEPT_LANGUAGE="en")
    assert "All systems operational" in cached.content.decode()
    incident = declare("P0")
    with django_capture_on_commit_callbacks(execute=True):
        send(incident, commander, public_text="Now published")
    assert "Now published" in client.get("/status/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_resolved_notice_marks_it_resolved(
    comms_defaults, audiences, declare, commander, django_capture_on_commit_callbacks
):
    incident = declare("P1", title="Slow search")
    with django_capture_on_commit_callbacks(execute=True):
        send(incident, commander, public_text="Investigating")
        incident_acknowledge(incident=incident, by=commander)
        incident_resolve(incident=incident, by=commander)
        send(incident, commander, kind="resolved", public_text="All good again")
    html = Client().get("/status/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "All systems operational" in html and "All good again" in html
    assert "Resolved" in html
