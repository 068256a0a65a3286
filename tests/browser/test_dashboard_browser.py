import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from incidents.services import incident_declare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


def test_responder_sees_new_p0_without_reload_and_acknowledges(
    settings, login_page, live_server, responder, commander
):
    settings.DASHBOARD_POLL_SECONDS = 1
    SHOTS.mkdir(exist_ok=True)
    page = login_page(responder, "pw-ana")
    expect(page.get_by_text("Nenhum incidente aberto agora.")).to_be_visible()
    page.evaluate("window.__sameDocument = true")

    incident = incident_declare(title="Banco de dados fora do ar", severity="P0", by=commander)
    row = page.locator(f"#incident-{incident.pk}")
    expect(row).to_be_visible(timeout=10_000)
    assert page.evaluate("window.__sameDocument") is True  # arrived by polling, not a reload
    expect(row.locator(".sev")).to_have_text("P0")
    expect(row.locator("time.countdown")).to_have_text(re.compile(r"em 1[45] min"))
    page.screenshot(path=SHOTS / "dashboard-new-p0.png", full_page=True)

    row.get_by_role("button", name="Reconhecer").click()
    expect(row.locator(".acked-by")).to_have_text("Ana Souza")
    assert page.evaluate("window.__sameDocument") is True  # updated in place

    row.get_by_role("link", name="Banco de dados fora do ar").click()
    timeline = page.locator("#timeline .timeline")
    expect(timeline.locator(".tl-acknowledged")).to_contain_text("Ana Souza")
    expect(timeline.locator(".tl-declared")).to_contain_text("Carla Mendes")
    page.screenshot(path=SHOTS / "incident-acknowledged.png", full_page=True)


def test_dashboard_on_a_phone(login_page, responder, commander):
    SHOTS.mkdir(exist_ok=True)
    incident_declare(title="Login quebrado para todos", severity="P1", by=commander)
    page = login_page(responder, "pw-ana", viewport={"width": 390, "height": 844})
    button = page.get_by_role("button", name="Reconhecer")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None and box["width"] > 300  # full-width tap target on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "dashboard-phone.png", full_page=True)


def _action_items(owner, by, count):
    """`count` overdue action items of `owner`, on one resolved P1's review."""
    from datetime import timedelta

    from django.utils import timezone

    from incidents.services import incident_acknowledge, incident_resolve
    from reviews.action_items import action_item_add
    from reviews.models import Review

    incident = incident_declare(title="Pool de conexões esgotado", severity="P1", by=by)
    incident_acknowledge(incident=incident, by=owner)
    incident_resolve(incident=incident, by=by)
    review = Review.objects.get(incident=incident)
    for n in range(count):
        due = timezone.localdate() - timedelta(days=count - n)
        action_item_add(review=review, by=by, title=f"Item {n}", owner=owner, due_date=due)


@pytest.mark.parametrize(
    "device, viewport",
    [("laptop", {"width": 1366, "height": 800}), ("phone", {"width": 390, "height": 844})],
)
def test_dashboard_open_incident_on_the_first_screen_before_my_action_items(
    login_page, responder, commander, device, viewport
):
    """Woken at night with ten overdue action items: the P0 and its button come first."""
    SHOTS.mkdir(exist_ok=True)
    _action_items(responder, commander, 10)
    incident = incident_declare(title="Banco de dados fora do ar", severity="P0", by=commander)
    page = login_page(responder, "pw-ana", viewport=viewport)
    button = page.locator(f"#incident-{incident.pk}").get_by_role("button", name="Reconhecer")
    expect(button).to_be_in_viewport()  # no scrolling past the action items
    items = page.locator("#my-action-items")
    expect(items.locator(".item-row")).to_have_count(5)
    expect(items.get_by_role("link", name="Ver todos (10)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=SHOTS / f"dashboard-action-items-{device}.png", full_page=True)
