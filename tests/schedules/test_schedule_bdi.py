"""Names people typed on the schedule pages, right to left and with markup in them: each is
shown escaped inside <bdi> (person pickers: dir="auto" on each option, which holds text
only), so it cannot reorder the words around it."""

import pytest
import time_machine
from django.urls import reverse

from incidents.models import Role
from schedules.models import Rotation
from schedules.services import override_create
from tests.conftest import _make_user

from .conftest import at
from .test_schedule_pages import rotation_post

pytestmark = pytest.mark.django_db
NOW = at("2026-03-04 12:00")
NIGHT = "فريق الليل <script>x</script>"
NIGHT_SHOWN = "<bdi>فريق الليل &lt;script&gt;x&lt;/script&gt;</bdi>"
DANA_SHOWN = "<bdi>דנה &lt;script&gt; כהן</bdi>"
NOTE = "تبديل <b>مؤقت</b>"


@pytest.fixture
def dana(team):
    return _make_user("dana", "Responder", "דנה <script>", "כהן")


@pytest.fixture
def night(team, rotation, dana):
    """A rotation named in Arabic, Dana this week, then Ana; an override with an Arabic note."""
    saved = rotation(people=[dana, team["ana"]], name=NIGHT)
    with time_machine.travel(NOW, tick=False):
        override_create(
            role=Role.objects.get(key="first_responder"),
            user=team["ana"],
            starts_at=at("2026-03-05 10:00"),
            ends_at=at("2026-03-05 14:00"),
            by=team["carla"],
            note=NOTE,
        )
    return saved


def night_post(team, dana, **extra):
    """The rotation form filled in: NIGHT, Dana alone."""
    return rotation_post(team, name=NIGHT, member_0=dana.pk, member_1="", member_2="", **extra)


def section(page: str, name: str) -> str:
    return page[page.index(f'id="{name}"') :].split("</section>", 1)[0]


def assert_no_raw_markup(page: str) -> None:
    assert "<script>x" not in page and "דנה <script>" not in page and "<b>مؤقت" not in page


@time_machine.travel(NOW, tick=False)
def test_schedule_bdi_role_page_isolates_rotation_names_notes_and_pickers(
    client, team, dana, night
):
    client.force_login(team["carla"])
    response = client.get(reverse("schedules:role", args=["first_responder"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert_no_raw_markup(page)
    assert f"<strong>{NIGHT_SHOWN}</strong>" in section(page, "layers")
    assert f"{DANA_SHOWN} → <bdi>Ana Souza</bdi>" in section(page, "layers")
    assert " · <bdi>تبديل &lt;b&gt;مؤقت&lt;/b&gt;</bdi></p>" in section(page, "overrides")
    assert f": {NIGHT_SHOWN}</li>" in section(page, "audit")  # "rotation saved: <name>"
    assert "<h1><bdi>Primeiro Respondedor</bdi></h1>" in page
    picker = section(page, "override-form")
    assert f'<option value="{dana.pk}" dir="auto">דנה &lt;script&gt; כהן</option>' in picker
    assert f'<span class="sched-who">{DANA_SHOWN}</span>' in section(page, "timeline")


@time_machine.travel(NOW, tick=False)
def test_schedule_bdi_rotation_form_isolates_its_name_and_marks_pickers(client, team, dana, night):
    client.force_login(team["carla"])
    url = reverse("schedules:rotation_edit", args=[night.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert_no_raw_markup(page)
    assert f"<h1>Rodízio “{NIGHT_SHOWN}”</h1>" in page
    assert '<p class="muted"><bdi>Primeiro Respondedor</bdi> · ' in page
    assert f'<option value="{dana.pk}" dir="auto" selected>דנה &lt;script&gt; כהן</option>' in page
    assert '<option value="" dir="auto">—</option>' in page  # an empty place
    preview = client.post(
        url,
        night_post(team, dana, action="preview"),
        HTTP_HX_REQUEST="true",
    )
    assert preview.status_code == 200
    assert f'<span class="sched-who">{DANA_SHOWN}</span>' in preview.content.decode()


@time_machine.travel(NOW, tick=False)
def test_schedule_bdi_saved_and_refused_messages_isolate_names(client, team, dana):
    client.force_login(team["carla"])
    url = reverse("schedules:rotation_new", args=["first_responder"])
    data = night_post(team, dana)
    page = client.post(url, data, follow=True).content.decode()
    assert f"Rodízio “{NIGHT_SHOWN}” salvo." in page
    assert_no_raw_markup(page)

    dana.email = ""
    dana.save()
    dana.profile.phone = dana.profile.slack_handle = ""
    dana.profile.save()
    refused = client.post(url, {**data, "layer": "2"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f"{DANA_SHOWN} não pode ser acionado" in page
    assert "<bdi>Primeiro Respondedor</bdi>." in page
    assert_no_raw_markup(page)
    assert Rotation.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_schedule_bdi_index_and_dashboard_isolate_people_and_roles(client, team, dana, night):
    client.force_login(dana)  # on call this week
    response = client.get(reverse("schedules:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<p class="person-name">{DANA_SHOWN}</p>' in page
    assert "<li><strong><bdi>Primeiro Respondedor</bdi></strong> · " in section(page, "my-shifts")
    assert_no_raw_markup(page)
    dashboard = client.get(reverse("incidents:dashboard"))
    assert dashboard.status_code == 200
    assert "<bdi>Primeiro Respondedor</bdi>" in section(dashboard.content.decode(), "my-on-call")


@time_machine.travel(NOW, tick=False)
def test_schedule_bdi_gaps_banner_isolates_role_names(client, team, rotation):
    role = Role.objects.get(key="first_responder")
    role.name_pt_br = "المستجيب <i>الأول</i>"
    role.save()
    rotation(people=[team["ana"]], restriction="weekdays")  # weekends are gaps
    client.force_login(team["carla"])
    page = client.get(reverse("incidents:dashboard")).content.decode()
    banner = section(page, "coverage-gaps")
    assert "<bdi>المستجيب &lt;i&gt;الأول&lt;/i&gt;</bdi></a>:" in banner
    assert "<i>الأول" not in page
