"""Paging loop in the browser: a phone opens the acknowledge link of the SMS it got and
acknowledges; a responder sets their notification rules and sends themselves a test page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from escalation.models import OnCallShift
from escalation.sweep import sweep_due_deadlines
from incidents.models import Role
from incidents.services import incident_declare
from notifications.models import Notification, NotificationRule
from notifications.services import notification_deliver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}


def test_paging_loop_acknowledge_from_the_sms_link_on_a_phone(
    chromium, live_server, login_page, providers, responder, commander
):
    SHOTS.mkdir(exist_ok=True)
    OnCallShift.objects.create(role=Role.objects.get(key="first_responder"), user=responder)
    NotificationRule.objects.create(user=responder, severity="P1", channel="sms", after_minutes=0)
    incident = incident_declare(title="Checkout answers 500", severity="P1", by=commander)
    sweep_due_deadlines()  # the page at open
    sms = Notification.objects.get(incident=incident, channel="sms")
    assert notification_deliver(sms.pk) == "delivered"
    [received] = providers.received("/sms")
    link = re.search(r"https?://\S+/a/\S+/", received["json"]["message"]).group(0)  # type: ignore[union-attr]
    link = re.sub(r"^https?://[^/]+", live_server.url, link)

    phone = chromium.new_context(viewport=PHONE, locale="en-US")
    try:
        page = phone.new_page()
        page.goto(link)
        expect(page.get_by_text("Checkout answers 500")).to_be_visible()
        button = page.get_by_role("button", name="Acknowledge")
        box = button.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] >= 60
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=SHOTS / "ack-link-phone.png", full_page=True)
        button.click()
        expect(page.get_by_role("heading", name="Acknowledged")).to_be_visible()
        page.screenshot(path=SHOTS / "ack-link-done-phone.png", full_page=True)
        assert not [c for c in phone.cookies() if c["name"] == "sessionid"], "no session"
        page.goto(link)
        expect(page.get_by_text("This link was already used")).to_be_visible()
    finally:
        phone.close()

    page = login_page(responder, "pw-ana", viewport=PHONE)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    entry = page.locator("#timeline .tl-acknowledged")
    expect(entry).to_contain_text("reconheceu pelo link do SMS")
    expect(entry).to_contain_text("Ana Souza")
    page.screenshot(path=SHOTS / "ack-link-timeline-phone.png", full_page=True)


def test_paging_loop_rules_and_test_page_on_the_preferences_page(
    live_server, login_page, providers, responder
):
    SHOTS.mkdir(exist_ok=True)
    page = login_page(responder, "pw-ana")
    page.goto(f"{live_server.url}/me/")
    rules = page.locator("#rules-form")
    expect(rules.locator("input[name=p1_sms]")).to_have_value("3")
    rules.locator("input[name=p1_sms]").fill("2")
    rules.locator("input[name=p3_slack]").fill("")
    rules.get_by_role("button").click()
    expect(page.locator("#rules-form .field-error")).to_be_visible()  # P3 has no channel left
    page.locator("#rules-form input[name=p3_slack]").fill("0")
    page.locator("#rules-form").get_by_role("button").click()
    expect(page.locator("#rules-form [role=status]")).to_be_visible()
    assert (
        NotificationRule.objects.get(user=responder, severity="P1", channel="sms").after_minutes
        == 2
    )

    page.locator('[data-testid="send-test-page"]').click()
    expect(page.locator('[data-testid="trial-row"]')).to_have_count(3)
    for row in Notification.objects.filter(user=responder, incident__isnull=True):
        notification_deliver(row.pk)
    statuses = page.locator('[data-testid="trial-status"]')
    expect(statuses.first).not_to_have_text(re.compile("na fila|queued"), timeout=10_000)
    page.screenshot(path=SHOTS / "preferences-paging.png", full_page=True)
    phone = login_page(responder, "pw-ana", viewport=PHONE)
    phone.goto(f"{live_server.url}/me/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=SHOTS / "preferences-paging-phone.png", full_page=True)
