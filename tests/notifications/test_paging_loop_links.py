"""Paging loop: the acknowledge link every page carries (signed, single use, one person,
one incident, one hour; GET shows, POST acknowledges; no session)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from incidents.models import IncidentStatus
from notifications.links import ACK_LINK, link_token, outgoing_body
from notifications.models import AcknowledgeLinkUse
from notifications.paging import PageRequest, page_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """A phone whose browser asks for English (no login: the link is all it has)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _sms_page(incident, user):
    [root] = page_people([PageRequest(incident, user, "declared", f"t:{user.pk}", ("sms",))])
    return root


def _url(row) -> str:
    return f"/a/{link_token(row)}/"


def test_paging_loop_every_page_carries_its_own_link(incident, responder):
    row = _sms_page(incident, responder)
    assert ACK_LINK in row.body
    body = outgoing_body(row)
    assert f"http://localhost:8000{_url(row)}" in body or _url(row) in body
    assert body.index(_url(row)) < body.index("/incidents/")  # before an SMS is cut


def test_paging_loop_link_get_shows_and_changes_nothing_post_acknowledges(
    client, incident, responder
):
    row = _sms_page(incident, responder)
    page = client.get(_url(row))
    html = page.content.decode()
    assert page.status_code == 200
    assert incident.title in html and "P1" in html and 'data-testid="ack-button"' in html
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.TRIGGERED
    assert not AcknowledgeLinkUse.objects.exists()

    done = client.post(_url(row))
    assert done.status_code == 200
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.ACKNOWLEDGED
    assert incident.acknowledged_by == responder
    event = incident.timeline.get(kind="acknowledged")
    assert event.data["via"] == "sms" and event.actor == responder
    assert "sessionid" not in done.cookies and "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302, "still not logged in"

    again = client.post(_url(row))
    assert again.status_code == 410 and "already used" in again.content.decode()


def test_paging_loop_link_expires_after_an_hour(client, incident, responder):
    row = _sms_page(incident, responder)
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = client.post(_url(row))
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert "/login/" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.TRIGGERED


def test_paging_loop_link_tampered_or_another_persons_does_nothing(
    client, incident, responder, responder2
):
    mine = _sms_page(incident, responder)
    theirs = _sms_page(incident, responder2)
    signature = link_token(mine).split("-", 1)[1]
    for token in (
        f"{theirs.pk}-{signature}",  # Rafael's message with Ana's signature
        link_token(mine)[:-2] + "xx",
        "garbage",
        f"{mine.pk}-",
    ):
        response = client.post(f"/a/{token}/")
        assert response.status_code == 404, token
        assert "does not work" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.TRIGGERED


def test_paging_loop_link_after_someone_else_acknowledged_says_who(
    client, incident, responder, responder2
):
    from incidents.services import incident_acknowledge

    row = _sms_page(incident, responder)
    incident_acknowledge(incident=incident, by=responder2)
    response = client.post(_url(row))
    assert "Rafael Costa" in response.content.decode()
    assert not AcknowledgeLinkUse.objects.exists()
