"""Schedules in a real browser (keyword: schedule): a commander builds a weekly rotation of
three and sees the preview; a responder hands part of a shift to a colleague; the dashboard
says "you are on call". Screenshots on a laptop and a phone."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}


def test_schedule_rotation_override_and_on_call_banner(login_page, responder, commander):
    SHOTS.mkdir(exist_ok=True)
    bia = get_user_model().objects.create_user(
        "bia", password="pw-bia", first_name="Bia", last_name="Alves", email="bia@example.com"
    )
    bia.groups.add(Group.objects.get(name="Responder"))
    Profile.objects.create(user=bia, slack_handle="@bia")
    rafa = get_user_model().objects.create_user(
        "rafa", password="pw-rafa", first_name="Rafael", last_name="Costa", email="r@example.com"
    )
    rafa.groups.add(Group.objects.get(name="Responder"))
    Profile.objects.create(user=rafa, slack_handle="@rafa")

    # A commander builds a weekly rotation of three, watching the preview as she goes.
    page = login_page(commander, "pw-carla")
    page.get_by_role("link", name="Escalas").first.click()
    page.get_by_role("link", name="Primeiro Respondedor").click()
    page.get_by_role("link", name="Adicionar rodízio").click()
    page.fill("input[name=name]", "Plantão principal")
    page.select_option("select[name=length]", "weekly")
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    page.fill("input[name=start_date]", yesterday.isoformat())  # Ana's week has begun
    page.select_option("select[name=member_0]", label="Ana Souza")
    page.select_option("select[name=member_1]", label="Rafael Costa")
    page.select_option("select[name=member_2]", label="Bia Alves")
    preview = page.locator("#preview")
    expect(preview.locator(".sched-row").first).to_contain_text("Ana Souza")
    expect(preview).to_contain_text("Rafael Costa")
    page.screenshot(path=SHOTS / "schedule-rotation-preview.png", full_page=True)
    page.get_by_role("button", name="Salvar rodízio").click()
    expect(page.locator("#timeline .sched-row").first).to_contain_text("Ana Souza")
    expect(page.locator("#layers")).to_contain_text("Ana Souza → Rafael Costa → Bia Alves")
    page.screenshot(path=SHOTS / "schedule-role.png", full_page=True)

    # Ana, on call this week, hands a few hours of it to Bia, on her phone.
    phone = login_page(responder, "pw-ana", viewport=PHONE)
    expect(phone.locator("#my-on-call")).to_contain_text("Você está de plantão como Primeiro")
    phone.screenshot(path=SHOTS / "schedule-dashboard-on-call-phone.png", full_page=True)
    phone.goto(phone.url + "schedules/first_responder/")
    start = timezone.localtime() + timezone.timedelta(hours=2)
    end = start + timezone.timedelta(hours=3)
    form = phone.locator("#override-form")
    form.locator("select[name=user]").select_option(label="Bia Alves")
    form.locator("input[name=starts_at]").fill(start.strftime("%Y-%m-%dT%H:00"))
    form.locator("input[name=ends_at]").fill(end.strftime("%Y-%m-%dT%H:00"))
    form.locator("input[name=note]").fill("consulta médica")
    phone.get_by_role("button", name="Pré-visualizar").click()
    expect(phone.locator("#override-preview .is-proposed")).to_contain_text("Bia Alves")
    phone.get_by_role("button", name="Salvar substituição").click()
    expect(phone.locator("#timeline .is-override")).to_contain_text("Bia Alves")
    expect(phone.locator("#overrides")).to_contain_text("consulta médica")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=SHOTS / "schedule-override-phone.png", full_page=True)
