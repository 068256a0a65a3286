"""A commander on a P0 composes the notification, previews it and sends it; email and
Slack receive exactly the previewed text once; a visitor sees it on the status page."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from incidents.services import incident_declare
from notifications.channels.slack import escape as slack_escape

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


@pytest.fixture
def slack_server():
    """A local HTTP server standing in for Slack's incoming webhook."""
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()


def _deliver_queued(incident):
    from notifications.models import Notification
    from notifications.services import notification_deliver

    for pk in Notification.objects.filter(incident=incident).values_list("pk", flat=True):
        notification_deliver(pk)


def test_commander_composes_previews_sends_and_the_public_sees_it(
    settings, live_server, login_page, chromium, commander, manager, slack_server
):
    from communications.bootstrap import load_comms_defaults
    from communications.models import AudienceList

    hook_url, slack_received = slack_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SLACK_WEBHOOK_URL = hook_url
    settings.SITE_URL = live_server.url
    SHOTS.mkdir(exist_ok=True)
    load_comms_defaults()
    stakeholders = AudienceList.objects.get(name="Stakeholders")
    stakeholders.members.set([manager])
    title = "Checkout <b>down</b> for everyone"
    incident = incident_declare(title=title, severity="P0", by=commander)

    page = login_page(commander, "pw-carla")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    panel = page.locator("#comms-panel")
    page.get_by_test_id("open-composer").click()  # the composer opens on demand
    panel.locator("textarea[name=impact]").fill("Nobody can pay; orders are not created.")
    panel.locator("input[name=forecast]").fill("by 16:00")
    panel.locator("select[name=language]").select_option("en")
    panel.locator("input[name=public]").check()
    page.get_by_test_id("fill").click()
    body = page.locator("textarea[name=email_body]")
    expect(body).to_have_value(re.compile("Nobody can pay; orders are not created."))
    page.locator("textarea[name=email_body]").fill(
        body.input_value().replace("Hello,", "Hello everyone,")
    )
    page.get_by_label("#alerts-production").check()
    page.get_by_label("Stakeholders").check()
    page.get_by_test_id("preview").click()
    expect(page.get_by_test_id("preview-email")).to_contain_text("Hello everyone,")
    page.wait_for_load_state("networkidle")  # the live preview has caught up too
    page.screenshot(path=SHOTS / "comms-composer.png", full_page=True)

    previewed_subject = page.get_by_test_id("preview-subject").inner_text()
    previewed_email = page.get_by_test_id("preview-email").inner_text()
    previewed_slack = page.get_by_test_id("preview-slack").inner_text()
    previewed_public = page.get_by_test_id("preview-public").inner_text()
    page.get_by_test_id("send").click()
    sent_entry = page.locator("#timeline .tl-communication_sent")
    expect(sent_entry).to_be_visible()
    expect(sent_entry).to_contain_text("diego@example.com")
    expect(page.locator("#comms-panel .comms-due")).to_be_visible()  # next update due
    sent_entry.locator("summary").click()
    page.screenshot(path=SHOTS / "comms-after-send.png", full_page=True)

    _deliver_queued(incident)
    _deliver_queued(incident)  # a second run (a redelivered task) sends nothing more
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["diego@example.com"]
    assert message.subject == previewed_subject
    assert message.body == previewed_email
    assert "Checkout <b>down</b> for everyone" in message.body  # plain text, as typed
    # Slack gets the previewed text with Slack's escaping (&, <, >): it shows exactly that.
    assert [m["text"] for m in slack_received] == [slack_escape(previewed_slack)]

    visitor = chromium.new_context(
        viewport={"width": 390, "height": 844}, extra_http_headers={"Accept-Language": "en"}
    )
    public = visitor.new_page()
    public.goto(f"{live_server.url}/status/")
    expect(public.get_by_test_id("status-summary")).to_contain_text("We are working on")
    expect(public.locator(".status-incident")).to_be_visible()
    assert previewed_public in public.locator(".status-incident").inner_text()
    expect(public.locator(".status-incident h2")).to_have_text("Checkout <b>down</b> for everyone")
    assert "Carla" not in public.content() and "/incidents/" not in public.content()
    public.screenshot(path=SHOTS / "status-page-phone.png", full_page=True)
    public.set_viewport_size({"width": 1280, "height": 800})
    public.screenshot(path=SHOTS / "status-page-desktop.png", full_page=True)
    visitor.close()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.get_by_test_id("open-composer").click()
    expect(page.locator("#composer")).to_be_visible()
    page.locator("#comms-panel").screenshot(path=SHOTS / "comms-composer-phone.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_manager_edits_a_template_with_a_live_preview(live_server, login_page, manager):
    from communications.bootstrap import load_comms_defaults
    from communications.models import MessageTemplate

    SHOTS.mkdir(exist_ok=True)
    load_comms_defaults()
    template = MessageTemplate.objects.get(kind="notification", language="en")
    page = login_page(manager, "pw-diego")
    page.goto(f"{live_server.url}/communications/templates/{template.pk}/")
    page.evaluate("window.__sameDocument = true")
    slack = page.locator("textarea[name=slack_text]")
    slack.fill("Heads up: {{ title|upper }}")
    preview = page.locator("#template-preview")
    expect(preview).to_contain_text("Heads up: CHECKOUT FAILS FOR SOME CUSTOMERS")
    page.locator("textarea[name=email_body]").fill("Hello\n{% if impact %}\nnever closed")
    expect(page.get_by_test_id("template-problems")).to_contain_text("line 2")
    assert page.evaluate("window.__sameDocument") is True  # updated as they type
    page.screenshot(path=SHOTS / "comms-template-editor.png", full_page=True)
    page.get_by_role("button", name=re.compile("Save|Salvar")).click()
    expect(page.get_by_test_id("save-error")).to_be_visible()
    template.refresh_from_db()
    assert "never closed" not in template.email_body


def test_overdue_update_is_marked_on_the_dashboard_and_the_incident(
    live_server, login_page, commander
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from communications.bootstrap import load_comms_defaults
    from communications.services import comms_state_update, communication_send
    from escalation.sweep import sweep_due_deadlines

    SHOTS.mkdir(exist_ok=True)
    load_comms_defaults()
    from communications.models import AudienceList

    with time_machine.travel(timezone.now() - timedelta(minutes=31), tick=False):
        incident = incident_declare(title="Search is slow", severity="P1", by=commander)
        comms_state_update(incident=incident, by=commander, impact="Slow", forecast="soon")
        communication_send(
            incident=incident,
            by=commander,
            token="overdue-demo",
            kind="notification",
            language="en",
            texts={"slack_text": "We are on it."},
            audiences=AudienceList.objects.filter(slack_channel__gt=""),
        )
    sweep_due_deadlines()

    page = login_page(commander, "pw-carla")
    row = page.locator(f"#incident-{incident.pk}")
    expect(row.locator(".comms-overdue-badge")).to_be_visible()
    page.screenshot(path=SHOTS / "comms-dashboard-overdue.png", full_page=True)
    row.get_by_role("link", name="Search is slow").click()
    expect(page.get_by_test_id("update-overdue")).to_be_visible()
    expect(page.locator("#timeline .tl-stakeholder_update_overdue")).to_contain_text("Carla Mendes")
