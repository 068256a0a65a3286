"""The paging log as a commander sees it, on a desktop and on a phone."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notification_deliver, page_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paging_log_on_desktop_and_phone(
    login_page, live_server, providers, declare, responder, responder2, commander
):
    incident = declare(severity="P0", title="Database connection pool exhausted")
    providers.answer("/slack", 500, 500, 500, 500)
    [ana] = page_person(incident=incident, user=responder, reason="sla_breached", key="b1")
    [rafa] = page_person(incident=incident, user=responder2, reason="escalation_engineer", key="b2")
    page_person(incident=incident, user=commander, reason="commander_at_open", key="b3")
    notification_deliver(ana.pk)  # HTTP 500: retrying
    for _ in range(3):  # Rafael's Slack fails three times: email + SMS take over
        Notification.objects.filter(pk=rafa.pk).update(next_attempt_at=None)
        notification_deliver(rafa.pk)
    for row in Notification.objects.filter(stage=1, channel="email"):
        notification_deliver(row.pk)

    url = live_server.url + reverse("incidents:detail", args=[incident.pk])
    for name, viewport in [
        ("desktop", {"width": 1280, "height": 800}),
        ("phone", {"width": 390, "height": 844}),
    ]:
        page = login_page(commander, "pw-carla", viewport=viewport)
        page.goto(url)
        panel = page.locator("#paging-log")
        panel.scroll_into_view_if_needed()
        rows = panel.locator("[data-testid=page-row]")
        assert rows.count() == 5
        assert "Rafael Costa" in panel.inner_text()
        statuses = panel.locator("[data-testid=page-status]").all_inner_texts()
        assert len(statuses) == 5
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        panel.screenshot(path=f"/tmp/notify-paging-log-{name}.png")
        page.screenshot(path=f"/tmp/notify-incident-{name}.png", full_page=True)
