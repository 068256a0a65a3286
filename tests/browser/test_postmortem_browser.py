"""The post-incident review in a browser: a commander resolves a P1, opens the review the
rules created, fills it in and adds two action items; a manager sees the blameless
warning, approves and publishes; a responder marks their action item done from the
dashboard; the manager's console shows its charts. Screenshots at 1280 and 390 wide."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.services import incident_acknowledge, incident_declare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}


def test_postmortem_commander_writes_manager_publishes(
    live_server, login_page, commander, manager, responder
):
    SHOTS.mkdir(exist_ok=True)
    incident = incident_declare(title="Checkout returns 500", severity="P1", by=commander)
    incident_acknowledge(incident=incident, by=commander)

    page = login_page(commander, "pw-carla")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.locator("button[data-action=resolve]").click()
    page.get_by_test_id("open-review").click()
    expect(page.get_by_test_id("review-status")).to_be_visible()
    page.locator("textarea[name=root_cause]").fill(
        "The connection pool was too small for the peak."
    )
    page.locator("textarea[name=resolution]").fill("Raised the pool size and **redeployed**.")
    page.locator("textarea[name=went_well]").fill("- The alert fired within a minute.")
    page.locator("textarea[name=went_wrong]").fill("Foi culpa do Pedro.")
    page.locator("input[name=users_affected]").fill("40%")
    expect(page.get_by_test_id("saved")).to_be_visible(timeout=10_000)  # the autosave
    expect(page.get_by_test_id("blame-warnings")).to_contain_text("Foi culpa do Pedro.")
    page.locator("button[data-action=preview]").click()
    expect(page.locator("#review-preview strong")).to_have_text("redeployed")
    form = page.locator("#item-form")
    for title, owner in (
        ("Alert on pool saturation", responder),
        ("Load test the checkout", commander),
    ):
        form.locator("input[name=item-title]").fill(title)
        form.locator("select[name=item-owner]").select_option(str(owner.pk))
        form.locator("select[name=item-type]").select_option("preventive")
        form.locator("button[data-action=add-item]").click()
        expect(page.locator("#action-items tbody")).to_contain_text(title)
    expect(page.locator("#action-items tbody tr")).to_have_count(2)
    page.screenshot(path=SHOTS / "postmortem-editor-laptop.png", full_page=True)
    page.locator("button[data-action=submit]").click()
    expect(page.locator("#meeting")).to_be_visible()
    held = timezone.localtime(timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#meeting input[name=held_at]").fill(held)
    page.locator(f"#meeting input[value='{commander.pk}']").check()
    page.locator(f"#meeting input[value='{responder.pk}']").check()
    page.locator("#meeting button[type=submit]").click()
    expect(page.locator("#meeting")).to_have_count(0)

    boss = login_page(manager, "pw-diego", viewport=PHONE)
    boss.goto(f"{live_server.url}/incidents/{incident.pk}/review/")
    expect(boss.get_by_test_id("blame-warnings")).to_contain_text("Foi culpa do Pedro.")
    boss.screenshot(path=SHOTS / "postmortem-review-phone.png", full_page=True)
    boss.locator("button[data-action=approve]").click()
    boss.locator("button[data-action=publish]").click()
    expect(boss.get_by_test_id("review-status")).to_have_text(re.compile("Publi"))
    expect(boss.locator("#review-document strong")).to_have_text("redeployed")
    boss.screenshot(path=SHOTS / "postmortem-published-phone.png", full_page=True)
    boss.emulate_media(media="print")  # printing gives the document alone
    expect(boss.locator("#review-document")).to_be_visible()
    expect(boss.locator(".topbar")).to_be_hidden()
    expect(boss.locator("#amendments form")).to_be_hidden()
    boss.screenshot(path=SHOTS / "postmortem-print.png", full_page=True)


def test_postmortem_responder_closes_item_and_manager_sees_charts(
    live_server, login_page, commander, manager, responder
):
    from incidents.services import incident_resolve
    from reviews.action_items import action_item_add
    from reviews.demo import load_demo_history
    from reviews.models import Review

    SHOTS.mkdir(exist_ok=True)
    incident = incident_declare(title="Login broken", severity="P1", by=commander)
    incident_acknowledge(incident=incident, by=responder)
    incident_resolve(incident=incident, by=commander)
    item = action_item_add(
        review=Review.objects.get(incident=incident),
        by=commander,
        title="Add a login probe",
        owner=responder,
    )
    page = login_page(responder, "pw-ana", viewport=PHONE)
    row = page.locator(f"#my-item-{item.pk}")
    expect(row).to_contain_text("Add a login probe")
    page.screenshot(path=SHOTS / "postmortem-my-items-phone.png", full_page=True)
    row.locator("button[type=submit]").click()
    expect(page.locator(f"#my-item-{item.pk}")).to_have_class(re.compile("is-closed"))
    item.refresh_from_db()
    assert item.status == "done"

    from escalation.bootstrap import load_demo_roster

    load_demo_roster("pw-demo")
    load_demo_history()
    for viewport, name in (({"width": 1280, "height": 900}, "laptop"), (PHONE, "phone")):
        console = login_page(manager, "pw-diego", viewport=viewport)
        console.goto(f"{live_server.url}/reports/")
        for chart in ("chart-times", "chart-sla", "chart-weekly", "chart-ages"):
            console.wait_for_function(f"document.getElementById('{chart}').chart !== undefined")
        expect(console.locator("#response-times table tbody tr")).not_to_have_count(0)
        console.screenshot(path=SHOTS / f"postmortem-reports-{name}.png", full_page=True)
