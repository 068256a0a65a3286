"""A responder's phone at 3 a.m. and a laptop (issue 15; keyword: experience)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from incidents.services import incident_add_note, timeline_append

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}


def test_experience_incident_page_next_clock_first_on_a_phone(
    live_server, login_page, responder, commander, declare
):
    from communications.bootstrap import load_comms_defaults

    SHOTS.mkdir(exist_ok=True)
    load_comms_defaults()  # as shipped (an earlier flush may have emptied them)
    incident = declare("P1", title="Login falha para todos os usuários")
    incident_add_note(incident=incident, text="Investigando o deploy das 02:50", by=commander)
    for attempt in range(1, 6):
        timeline_append(incident=incident, kind="page_failed", data={"attempt": attempt})

    page = login_page(commander, "pw-carla", viewport=PHONE)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    clock = page.get_by_test_id("next-clock")
    # A P1's first stakeholder notice (30 min) falls due before its acknowledgement (60).
    expect(clock).to_contain_text("Primeiro comunicado às partes interessadas até")
    box = clock.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]  # first screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=SHOTS / "experience-incident-phone-top.png")
    page.screenshot(path=SHOTS / "experience-incident-phone.png", full_page=True)

    timeline = page.locator("#timeline")
    expect(timeline.get_by_test_id("tl-folded")).to_contain_text("5 entradas de acionamento")
    timeline.locator('[data-filter="people"]').click()
    expect(timeline.locator(".tl-note_added")).to_be_visible()
    expect(timeline.locator(".tl-page_failed")).to_have_count(0)

    page.get_by_test_id("open-composer").click()  # loaded over HTMX, on demand
    expect(page.locator("#composer")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.screenshot(path=SHOTS / "experience-incident-laptop.png", full_page=True)


def test_experience_phone_menu_reaches_every_page_and_the_laptop_bar_fits(
    live_server, login_page, commander
):
    SHOTS.mkdir(exist_ok=True)
    commander.is_staff = True  # the longest bar: staff users also get "Admin"
    commander.save()
    page = login_page(commander, "pw-carla", viewport=PHONE)
    expect(page.locator(".mainnav")).to_be_hidden()
    page.get_by_test_id("menu-toggle").click()
    page.screenshot(path=SHOTS / "experience-menu-phone.png")
    links = page.locator(".navpanel a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "/me/" in hrefs and "/admin/" in hrefs and len(hrefs) >= 6
    for href in hrefs:
        page.goto(f"{live_server.url}/")
        page.get_by_test_id("menu-toggle").click()
        page.locator(f'.navpanel a[href="{href}"]').click()
        page.wait_for_load_state()
        assert page.url.endswith(href)
        if not href.startswith("/admin/"):
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], href

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("menu-toggle")).to_be_hidden()
    bar = page.locator(".topbar").bounding_box()
    assert bar is not None and bar["height"] < 64  # one line
    nav = page.locator(".mainnav")
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth")  # no entry cut off
    page.get_by_test_id("nav-more").click()  # the less used entries
    expect(page.locator('.nav-more-list a[href="/admin/"]')).to_be_visible()
    page.screenshot(path=SHOTS / "experience-bar-laptop.png")


def test_experience_declare_offers_the_right_scenario_then_the_dev_inbox_shows_the_page(
    settings, live_server, login_page, responder
):
    from io import StringIO

    from django.core.management import call_command

    from escalation.models import OnCallShift
    from escalation.sweep import sweep_due_deadlines
    from incidents.models import Role
    from notifications.models import Notification
    from notifications.services import notification_deliver

    settings.DEBUG = True  # as `make run`: no provider set, messages go to the dev inbox
    settings.SLACK_WEBHOOK_URL = settings.SMS_PROVIDER_URL = settings.VOICE_PROVIDER_URL = ""
    settings.SITE_URL = live_server.url
    OnCallShift.objects.create(role=Role.objects.get(key="first_responder"), user=responder)

    call_command("import_playbook", "runbooks/defaults/playbook.pt-BR.md", stdout=StringIO())
    SHOTS.mkdir(exist_ok=True)
    page = login_page(responder, "pw-ana", viewport=PHONE)
    page.goto(f"{live_server.url}/incidents/new/")
    page.fill("#id_title", "Login falha para todos os usuários")
    best = page.get_by_test_id("scenario-choice").first
    expect(best).to_contain_text("6. Autenticação Quebrada")
    expect(best).to_contain_text("Os usuários não conseguem entrar")  # with its symptoms
    expect(page.locator('input[name="scenario"][value=""]')).to_be_checked()  # none yet
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=SHOTS / "experience-declare-phone.png", full_page=True)
    best.click()
    expect(page.locator('input[name="severity"][value="P1"]')).to_be_checked()
    page.locator("form.form-card button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/incidents/*/")
    expect(page.locator("#runbook h2")).to_have_text("Autenticação Quebrada")
    incident_url = page.url

    sweep_due_deadlines()  # beat: the page to the on-call First Responder at declare...
    for pk in Notification.objects.values_list("pk", flat=True):  # ...the worker sends it
        notification_deliver(pk)
    page.get_by_test_id("menu-toggle").click()
    page.locator(".navpanel a.nav-dev").click()
    inbox = page.get_by_test_id("dev-inbox")
    slack = inbox.locator('[data-channel="slack"]').first
    expect(slack).to_contain_text("Login falha para todos os usuários")
    expect(slack.get_by_test_id("dev-inbox-link")).to_have_attribute("href", incident_url)
    page.screenshot(path=SHOTS / "experience-dev-inbox-phone.png", full_page=True)
