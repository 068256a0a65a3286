"""The incident page shows who was paged, on which channel, and what happened."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notification_deliver, page_person


def test_paging_log_panel_shows_who_channel_and_outcome(
    client, providers, incident, responder, responder2
):
    providers.answer("/slack", 500)
    [ana] = page_person(incident=incident, user=responder, reason="escalation_engineer", key="a")
    [rafa] = page_person(incident=incident, user=responder2, reason="sla_breached", key="b")
    notification_deliver(ana.pk)  # fails once: retrying
    notification_deliver(rafa.pk)  # delivered

    client.force_login(responder)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()

    assert "Paging log" in page or "Registro" in page
    log = page[page.index('id="paging-log"') :]
    assert "Ana Souza" in log and "Rafael Costa" in log
    assert "Slack" in log
    assert "paging-retrying" in log and "HTTP 500" in log
    assert "paging-delivered" in log
    assert "sms-secret-token" not in page and "+55 11" not in log  # no phone numbers shown


def test_paging_log_costs_the_same_queries_for_many_rows(
    client, providers, incident, responder, responder2, commander
):
    client.force_login(commander)
    url = reverse("incidents:detail", args=[incident.pk])
    page_person(incident=incident, user=responder, reason="sla_breached", key="one")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n, user in enumerate([responder2, commander] * 5):
        page_person(incident=incident, user=user, reason="sla_breached", key=f"more{n}")
    assert Notification.objects.count() == 11
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_timeline_renders_page_events_in_words(client, providers, settings, incident, responder):
    settings.LANGUAGE_CODE = "en"
    providers.answer("/slack", 500)
    [row] = page_person(incident=incident, user=responder, reason="escalation_engineer", key="t")
    notification_deliver(row.pk)

    client.force_login(responder)
    page = client.get(
        reverse("incidents:detail", args=[incident.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert "Ana Souza" in timeline and "HTTP 500" in timeline


def test_empty_paging_log(client, incident, responder):
    client.force_login(responder)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'id="paging-log"' in page
