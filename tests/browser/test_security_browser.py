"""Under the Content-Security-Policy the incident page's htmx actions, the checklist and the
composer still work, with no CSP violation (or any error) in the console; a locked-out
login sees when to try again."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from incidents.services import incident_declare
from runbooks.models import Scenario
from runbooks.services import scenario_attach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PLAYBOOK = Path(__file__).resolve().parents[2] / "runbooks/defaults/playbook.pt-BR.md"


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_security_csp_incident_page_checklist_and_composer_work(
    live_server, login_page, commander, defaults
):
    from communications.bootstrap import load_comms_defaults

    SHOTS.mkdir(exist_ok=True)
    load_comms_defaults()
    call_command("import_playbook", str(PLAYBOOK), stdout=StringIO())
    incident = incident_declare(title="Banco fora do ar", severity="P1", by=commander)
    scenario_attach(incident=incident, scenario=Scenario.objects.get(number=1), by=commander)

    page = login_page(commander, "pw-carla")
    problems = watch_console(page)
    response = page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    policy = response.headers["content-security-policy"]
    assert (
        "'nonce-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert page.evaluate("document.documentElement.classList.contains('js')")  # nonce'd script
    page.evaluate("window.__sameDocument = true")

    # htmx actions: acknowledge, a note, a checklist tick.
    page.locator('button[data-action="acknowledge"]').click()
    expect(page.get_by_test_id("status")).to_have_text("Reconhecido")
    page.locator("form.note-form textarea").fill("\u202eevil note")
    page.locator("form.note-form button[type=submit]").click()
    note = page.locator("#timeline .tl-note_added .tl-note")
    expect(note).to_contain_text("evil note")
    assert note.get_attribute("dir") == "auto"  # isolated: cannot reorder the line
    page.get_by_test_id("tick").first.click()
    expect(page.get_by_test_id("checklist-progress")).to_have_text(re.compile(r"^1/"))
    assert page.evaluate("window.__sameDocument") is True  # all swapped in by htmx

    # The composer: open, fill in from the template, preview.
    page.get_by_test_id("open-composer").click()
    panel = page.locator("#comms-panel")
    panel.locator("textarea[name=impact]").fill("Ninguém consegue pagar.")
    panel.locator("input[name=forecast]").fill("até 16h")
    page.get_by_test_id("fill").click()
    expect(page.locator("textarea[name=email_body]")).to_have_value(
        re.compile("Ninguém consegue pagar.")
    )
    page.get_by_test_id("preview").click()
    expect(page.get_by_test_id("preview-email")).to_contain_text("Ninguém consegue pagar.")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SHOTS / "security-csp-incident.png", full_page=True)
    assert problems == [], problems


def test_security_locked_out_user_sees_when_to_try_again(
    settings, live_server, chromium, responder
):
    settings.AXES_FAILURE_LIMIT = 2
    SHOTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR")
    page = context.new_page()
    problems = watch_console(page)
    for _ in range(2):
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", responder.username)
        page.fill("input[name=password]", "wrong")
        page.click("button[type=submit]")
    message = page.get_by_test_id("locked-out")
    expect(message).to_contain_text(re.compile(r"Tente de novo em 15 minutos, às \d\d:\d\d"))
    page.screenshot(path=SHOTS / "security-locked-out-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert [p for p in problems if "429" not in p] == [], problems
    context.close()
