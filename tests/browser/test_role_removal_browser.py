"""The commander takes a role away on the incident page: the role shows empty and the
timeline says who removed whom, without a reload (HTMX); the control on a phone fits."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from incidents.models import Role
from incidents.services import incident_assign_role, incident_declare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


@pytest.mark.parametrize(
    "viewport, name",
    [({"width": 1280, "height": 800}, "laptop"), ({"width": 390, "height": 844}, "phone")],
)
def test_role_removal_commander_removes_a_holder_without_reload(
    login_page, live_server, commander, responder2, viewport, name
):
    SHOTS.mkdir(exist_ok=True)
    incident = incident_declare(title="Exportação lenta", severity="P2", by=commander)
    engineer = Role.objects.get(key="escalation_engineer")
    incident_assign_role(incident=incident, role=engineer, user=responder2, by=commander)

    page = login_page(commander, "pw-carla", viewport=viewport)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.evaluate("window.__sameDocument = true")
    holder = page.locator('[data-role="escalation_engineer"] dd')
    expect(holder).to_contain_text("Rafael Costa")
    page.locator("#now").screenshot(path=SHOTS / f"role-removal-before-{name}.png")
    holder.get_by_text("Remover", exact=True).click()
    holder.get_by_placeholder("Motivo (opcional)").fill("Não é problema de backend")
    page.screenshot(path=SHOTS / f"role-removal-open-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    holder.get_by_role("button", name="Remover Rafael Costa de Engenheiro de Escalonamento").click()

    expect(holder).to_have_text("—")
    entry = page.locator("#timeline .tl-role_removed")
    expect(entry).to_contain_text(
        "Carla Mendes removeu Rafael Costa da função de Engenheiro de Escalonamento"
    )
    expect(entry).to_contain_text("Não é problema de backend")
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, no reload
    page.screenshot(path=SHOTS / f"role-removal-done-{name}.png", full_page=True)
