"""Scenario 10 walked in Chromium: declare a data leak, see the commander and the security
specialist paged, confirm the breach, see Legal paged and the ANPD clock, record the
notice, see the clock stop (laptop and phone screenshots in test-artifacts/)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Incident, RoleKey
from tests.conftest import _make_user

from .fidelity import put_on_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PLAYBOOK = Path(__file__).resolve().parents[2] / "runbooks/defaults/playbook.pt-BR.md"


def sweep_now() -> None:
    from escalation.sweep import sweep_due_deadlines

    sweep_due_deadlines(timezone.now())


def test_fidelity_security_breach_walk(login_page, live_server, defaults, commander, manager):
    SHOTS.mkdir(exist_ok=True)
    call_command("import_playbook", str(PLAYBOOK), stdout=StringIO())
    specialist = _make_user("sofia", "Responder", "Sofia", "Alves")
    put_on_call(
        {
            RoleKey.INCIDENT_COMMANDER: commander,
            RoleKey.SECURITY_SPECIALIST: specialist,
            RoleKey.LEGAL: manager,
        }
    )
    page = login_page(commander, "pw-carla")
    page.goto(f"{live_server.url}/incidents/new/")
    page.fill("#id_title", "Vazamento de dados: acesso não autorizado detectado")
    breach = page.locator('[data-testid="scenario-choice"]', has_text="Violação de Segurança")
    expect(breach).to_contain_text("Detecção de acesso não autorizado")  # its symptoms
    breach.locator("input").check()
    page.locator(".sev-option-p1").click()
    page.locator("form.form-card button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/incidents/*/")
    incident = Incident.objects.get()
    assert incident.severity == "P0"  # the scenario raised it

    sweep_now()  # the "IMMEDIATE: Incident Commander + Security specialist" rule
    page.reload()
    roles = page.locator('[data-testid="role-holders"]')
    expect(roles).to_contain_text("Carla Mendes")
    expect(roles).to_contain_text("Sofia Alves")
    expect(page.locator('[data-testid="breach-confirmed"]')).to_be_visible()
    page.screenshot(path=SHOTS / "fidelity-breach-paged.png", full_page=True)

    page.locator('[data-testid="confirm-breach"]').click()
    expect(page.locator(".tl-breach_confirmed")).to_contain_text("Carla Mendes")
    sweep_now()  # "breach confirmed: notify legal + ANPD"
    page.reload()
    expect(page.locator('[data-testid="role-holders"]')).to_contain_text("Diego Rocha")
    page.locator('[data-testid="personal-data"] button[value="yes"]').click()
    expect(page.locator('[data-testid="anpd-clock"]')).to_be_visible()
    page.screenshot(path=SHOTS / "fidelity-anpd-clock.png", full_page=True)

    page.locator('[data-testid="notice-link"]').click()
    expect(page.locator('[data-testid="authority-notice"] textarea')).to_have_count(6)
    page.fill("#id_data_subjects", "Clientes com conta ativa")
    page.locator('[data-testid="authority-notice"] button[type=submit]').click()
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    expect(page.locator(".tl-authority_notice_saved")).to_be_visible()

    page.fill('[data-testid="anpd"] input[name="protocol"]', "ANPD-2026-0042")
    page.locator('[data-testid="record-anpd"]').click()
    expect(page.locator('[data-testid="anpd-notified"]')).to_contain_text("ANPD-2026-0042")
    expect(page.locator(".tl-anpd_notified")).to_contain_text("Carla Mendes")
    assert incident.deadlines.get(kind="lgpd_notice").cancelled_at is not None
    page.screenshot(path=SHOTS / "fidelity-anpd-notified.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wide = page.evaluate(
        """[...document.querySelectorAll('body *')]
        .filter(e => !e.closest('pre') && e.getBoundingClientRect().right > 392)
        .slice(0, 8).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    page.screenshot(path=SHOTS / "fidelity-anpd-phone.png", full_page=True)
    page.locator('[data-testid="anpd"]').screenshot(path=SHOTS / "fidelity-anpd-phone-panel.png")
