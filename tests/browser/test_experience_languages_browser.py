"""An English viewer on an install with both playbooks: the declare picker and the
checklist speak English (issue 15; keyword: experience)."""

from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}


def test_experience_english_viewer_gets_the_english_playbook(live_server, login_page, commander):
    from django.core.management import call_command

    from incidents.models import Profile

    for name in ("playbook.pt-BR.md", "playbook.en.md"):
        call_command("import_playbook", f"runbooks/defaults/{name}", stdout=StringIO())
    Profile.objects.filter(user=commander).update(language="en")
    SHOTS.mkdir(exist_ok=True)
    page = login_page(commander, "pw-carla", viewport=PHONE)
    page.goto(f"{live_server.url}/incidents/new/")
    page.fill("#id_title", "Login fails for all users")
    best = page.get_by_test_id("scenario-choice").first
    expect(best).to_contain_text("6. Authentication Broken")
    expect(page.locator("form.form-card")).not_to_contain_text("Autenticação Quebrada")
    page.screenshot(path=SHOTS / "experience-declare-english-phone.png", full_page=True)
    best.click()
    page.locator("form.form-card button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/incidents/*/")
    expect(page.locator("#runbook h2")).to_have_text("Authentication Broken")
    expect(page.locator("#runbook")).not_to_contain_text("Quebrada")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=SHOTS / "experience-checklist-english-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    page.screenshot(path=SHOTS / "experience-checklist-english-laptop.png", full_page=True)
