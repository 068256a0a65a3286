"""A schedule named in Arabic with a person named in Hebrew, on a phone (keyword: schedule,
bdi): the names are shown, each isolated in <bdi>, and the page does not overflow."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Role
from schedules.services import override_create, rotation_save
from tests.conftest import _make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}


def test_schedule_bdi_right_to_left_names_on_a_phone(login_page, responder, commander):
    SHOTS.mkdir(exist_ok=True)
    dana = _make_user("dana", "Responder", "דנה", "כהן")
    role = Role.objects.get(key="first_responder")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    night = rotation_save(
        role=role,
        name="فريق الليل",
        members=[dana, responder],
        length="weekly",
        handoff_time=dt.time(9, 0),
        start_date=yesterday,  # Dana's week has begun
        by=commander,
    )
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    start += dt.timedelta(hours=3)
    override_create(
        role=role,
        user=responder,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        by=commander,
        note="تبديل مؤقت",
    )

    phone = login_page(commander, "pw-carla", viewport=PHONE)
    phone.goto(phone.url + "schedules/first_responder/")
    layers = phone.locator("#layers")
    expect(layers.locator("strong bdi")).to_have_text("فريق الليل")
    expect(layers.locator("p.small bdi").first).to_have_text("דנה כהן")
    expect(phone.locator("#timeline .sched-who bdi").first).to_have_text("דנה כהן")
    expect(phone.locator("#overrides bdi").filter(has_text="تبديل مؤقت")).to_be_visible()
    expect(phone.locator("#audit bdi").filter(has_text="فريق الليل")).to_be_visible()
    option = phone.locator(f'#override-form select[name=user] option[value="{dana.pk}"]')
    expect(option).to_have_attribute("dir", "auto")
    for shown in (layers.locator("strong bdi"), phone.locator("#timeline .sched-who bdi").first):
        shown.scroll_into_view_if_needed()
        expect(shown).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=SHOTS / "schedule-bdi-phone.png", full_page=True)
    phone.locator("#layers").screenshot(path=SHOTS / "schedule-bdi-layers-phone.png")

    laptop = login_page(commander, "pw-carla")  # the rotation's own page, on a laptop
    laptop.goto(f"{laptop.url}schedules/rotations/{night.pk}/")
    expect(laptop.locator("h1 bdi")).to_have_text("فريق الليل")
    expect(laptop.locator("select[name=member_0] option:checked")).to_have_text("דנה כהן")
    laptop.get_by_role("button", name="Pré-visualizar").click()
    expect(laptop.locator("#preview .sched-who bdi").first).to_have_text("דנה כהן")
    laptop.screenshot(path=SHOTS / "schedule-bdi-rotation-laptop.png", full_page=True)
