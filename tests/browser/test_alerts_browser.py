"""An Alertmanager delivery opens an incident that appears on an open dashboard without a
reload; the incident page shows its labels and the link (shown, never fetched)."""

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.alerts.payloads import alertmanager, am_alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


def test_ingest_alert_opens_incident_on_open_dashboard(
    settings, login_page, live_server, commander
):
    settings.DASHBOARD_POLL_SECONDS = 1
    SHOTS.mkdir(exist_ok=True)
    page = login_page(commander, "pw-carla")

    # A commander creates the integration on its page and copies the token shown once.
    page.get_by_test_id("nav-more").click()  # a less used entry, behind "More"
    page.get_by_role("link", name="Integrações").click()
    page.fill("input[name=name]", "prometheus-prod")
    page.select_option("select[name=kind]", "alertmanager")
    page.get_by_role("button", name="Criar e mostrar o token").click()
    token = page.get_by_test_id("token").inner_text().strip()
    assert len(token) == 32
    page.screenshot(path=SHOTS / "integration-token.png", full_page=True)

    # A routing rule, added in place (HTMX): instance db-* is a P0 of the database service.
    page.fill("#routing-rules input[name=label]", "instance")
    page.select_option("#routing-rules select[name=operator]", "regex")
    page.fill("#routing-rules input[name=value]", "db-.*")
    page.select_option("#routing-rules select[name=severity]", "P0")
    page.fill("#routing-rules input[name=service]", "database")
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="Adicionar regra").click()
    expect(page.get_by_test_id("rule")).to_contain_text("instance =~ db-.*")
    assert page.evaluate("window.__sameDocument") is True
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SHOTS / "integration-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}/")
    page.evaluate("window.__sameDocument = true")
    alert = am_alert(instance="db-primary:5432", alertname="PostgresDown", severity="warning")
    alert["annotations"]["summary"] = "PostgreSQL primário fora do ar"
    response = httpx.post(
        f"{live_server.url}/api/v1/alerts/alertmanager",
        json=alertmanager(alert),
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 202, response.text
    incident_id = response.json()["incidents"][0]["id"]

    row = page.locator(f"#incident-{incident_id}")
    expect(row).to_be_visible(timeout=10_000)
    assert page.evaluate("window.__sameDocument") is True  # by polling, not a reload
    expect(row.locator(".sev")).to_have_text("P0")
    expect(row.locator(".alert-marker")).to_be_visible()
    page.screenshot(path=SHOTS / "dashboard-alert.png", full_page=True)

    row.get_by_role("link", name="PostgreSQL primário fora do ar").click()
    panel = page.locator("#alerts-panel")
    expect(panel).to_contain_text("db-primary:5432")
    expect(panel).to_contain_text("PostgresDown")
    link = panel.get_by_test_id("alert-link").first
    expect(link).to_have_attribute("href", alert["generatorURL"])
    expect(page.locator("#timeline")).to_contain_text("prometheus-prod")
    expect(panel).to_contain_text("database")  # the service the rule set
    page.screenshot(path=SHOTS / "incident-alert.png", full_page=True)
    panel.screenshot(path=SHOTS / "incident-alert-panel.png")

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "incident-alert-phone.png", full_page=True)
    panel.screenshot(path=SHOTS / "incident-alert-panel-phone.png")
