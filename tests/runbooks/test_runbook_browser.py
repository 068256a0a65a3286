from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from runbooks.models import ServiceEndpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PLAYBOOK = Path(__file__).resolve().parents[2] / "runbooks/defaults/playbook.pt-BR.md"


@pytest.fixture
def runbooks_loaded(defaults, fake_service):
    call_command("import_playbook", str(PLAYBOOK), stdout=StringIO())
    ServiceEndpoint.objects.update_or_create(
        name="backend", defaults={"base_url": fake_service.url}
    )
    fake_service.answer(200, {"status": "ok", "database": "healthy"})
    return fake_service


def assert_commands_readable(page):
    """Every command block shows light text straight on its dark block: nothing paints a
    light background behind the text (inline-code styling must not reach into blocks)."""
    styles = page.evaluate(
        """[...document.querySelectorAll('.rb-cmd pre code')].map(code => {
            const own = getComputedStyle(code), block = getComputedStyle(code.parentElement);
            return [own.backgroundColor, own.color, block.backgroundColor];
        })"""
    )
    assert styles, "no command blocks on the page"
    for background, color, block in styles:
        assert background == "rgba(0, 0, 0, 0)", background
        assert color == "rgb(230, 237, 247)" and block == "rgb(15, 23, 41)", (color, block)


def section(page, key):
    return page.locator(f'.rb-section[data-section="{key}"]')


def unfold(page, key):
    """Only the section to work on now is unfolded; open another by its heading."""
    box = section(page, key)
    if box.get_attribute("open") is None:
        box.locator("summary.rb-section-summary").click()
    return box


def tick_all(page, key):
    box = unfold(page, key)
    while box.locator('[data-testid="tick"]').count():
        before = box.locator('[data-testid="tick"]').count()
        box.locator('[data-testid="tick"]').first.click()
        expect(box.locator('[data-testid="tick"]')).to_have_count(before - 1)


def test_responder_follows_the_database_down_checklist(
    login_page, live_server, runbooks_loaded, responder
):
    SHOTS.mkdir(exist_ok=True)
    page = login_page(responder, "pw-ana")
    page.goto(f"{live_server.url}/incidents/new/")
    page.fill("#id_title", "Banco de dados fora do ar: backend 500 em tudo")
    # The scenario is suggested from the words typed (HTMX), then chosen.
    best = page.get_by_test_id("scenario-choice").first
    expect(best).to_contain_text("Banco de Dados")
    best.click()  # attached only when picked; picking pre-selects its severity
    expect(page.locator('input[name="severity"][value="P0"]')).to_be_checked()
    page.screenshot(path=SHOTS / "runbook-declare-suggestion.png")
    page.locator("form.form-card button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/incidents/*/")

    panel = page.locator("#runbook")
    expect(panel.locator("h2")).to_be_visible()
    tick_all(page, "diagnosis")
    expect(page.locator('[data-testid="progress-diagnosis"]')).to_have_text("3/3")
    # A tick given by mistake is undone in place, on the record, and ticked again.
    diagnosis = unfold(page, "diagnosis")  # complete: folded, the next one unfolded
    diagnosis.locator('[data-testid="undo"]').last.click()
    expect(page.locator('[data-testid="progress-diagnosis"]')).to_have_text("2/3")
    expect(page.locator("#timeline .tl-step_reopened")).to_contain_text("Ana Souza")
    page.screenshot(path=SHOTS / "runbook-step-undone.png", full_page=True)
    tick_all(page, "diagnosis")
    expect(page.locator('[data-testid="progress-diagnosis"]')).to_have_text("3/3")

    page.locator('[data-testid="run-check"]').first.click()
    expect(page.locator('[data-testid="check-result"]').first).to_have_class(
        "rb-check-result is-pass"
    )
    assert runbooks_loaded.requests == ["/api/health"]

    page.locator('button[data-action="acknowledge"]').click()
    expect(page.locator('[data-testid="status"]')).not_to_have_text("Disparado", timeout=5000)
    page.locator('button[data-action="resolve"]').click()
    expect(page.locator(".incident-head .form-error")).to_be_visible()
    page.screenshot(path=SHOTS / "runbook-resolve-refused.png", full_page=True)

    tick_all(page, "verification")
    page.locator('button[data-action="resolve"]').click()
    expect(page.locator(".status-pill.status-resolved")).to_be_visible()

    timeline = page.locator("#timeline .timeline")
    from runbooks.models import Step

    ticked = Step.objects.filter(
        scenario__number=1, section__in=["diagnosis", "verification"], retired=False
    ).count()
    expect(timeline.locator(".tl-step_done")).to_have_count(ticked + 1)  # + the one re-ticked
    for text in ("Consultar o health check", "Procurar erros de banco nos logs do backend"):
        expect(timeline.locator(".tl-step_done", has_text=text)).to_contain_text("Ana Souza")
    expect(timeline.locator(".tl-health_check")).to_contain_text("Ana Souza")
    expect(timeline.locator(".tl-scenario_attached")).to_be_visible()
    assert_commands_readable(page)
    page.screenshot(path=SHOTS / "runbook-incident-desktop.png", full_page=True)


def test_checklist_and_reference_on_a_phone(login_page, live_server, runbooks_loaded, responder):
    from incidents.services import incident_declare
    from runbooks.models import Scenario
    from runbooks.services import scenario_attach

    SHOTS.mkdir(exist_ok=True)
    incident = incident_declare(
        title="Acesso não autorizado detectado", severity="P0", by=responder
    )
    breach = Scenario.objects.get(rollback_blocked=True)
    scenario_attach(incident=incident, scenario=breach, by=responder)
    page = login_page(responder, "pw-ana", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    expect(page.locator('[data-testid="no-rollback-banner"]')).to_be_visible()
    expect(page.locator('[data-testid="personal-data"]')).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator('[data-testid="personal-data"] button[value="yes"]').click()
    expect(page.locator("#clocks")).to_contain_text("ANPD")
    expect(page.locator(".tl-personal_data_answered")).to_contain_text("Ana Souza")
    page.screenshot(path=SHOTS / "runbook-incident-phone.png", full_page=True)
    page.screenshot(path=SHOTS / "runbook-incident-phone-top.png")
    page.goto(f"{live_server.url}/reference/")
    expect(page.locator(".ref-cmd").first).to_be_visible()
    assert_commands_readable(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "reference-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=SHOTS / "reference-desktop.png", full_page=True)
