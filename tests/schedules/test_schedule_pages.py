"""The schedule pages: timeline, rotation editor with preview, overrides, refusals."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schedules.models import Override, Rotation, ScheduleEvent
from schedules.services import override_create

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at("2026-03-04 12:00")


def rotation_post(team, **extra):
    data = {
        "name": "Primary",
        "layer": "1",
        "length": "weekly",
        "length_hours": "",
        "handoff_time": "09:00",
        "timezone": "America/Sao_Paulo",
        "start_date": "2026-03-02",
        "restriction": "none",
        "member_0": team["ana"].pk,
        "member_1": team["rafa"].pk,
        "member_2": team["bia"].pk,
        "action": "save",
    }
    data.update(extra)
    return data


def override_post(person, starts_at, ends_at, **extra):
    return {
        "user": person.pk,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "action": "save",
        **extra,
    }


@time_machine.travel(NOW, tick=False)
def test_schedule_rotation_editor_previews_then_saves(client, team):
    client.force_login(team["carla"])
    url = reverse("schedules:rotation_new", args=["first_responder"])
    assert client.get(url).status_code == 200
    preview = client.post(url, rotation_post(team, action="preview"), HTTP_HX_REQUEST="true")
    assert preview.status_code == 200
    assert "Ana Souza" in preview.content.decode() and not Rotation.objects.exists()
    saved = client.post(url, rotation_post(team))
    assert saved.status_code == 302
    page = client.get(reverse("schedules:role", args=["first_responder"])).content.decode()
    assert "Ana Souza" in page and "Rafael Costa" in page
    assert ScheduleEvent.objects.filter(kind="rotation_saved").count() == 1


@time_machine.travel(NOW, tick=False)
def test_schedule_refusals_explain_and_save_nothing(client, team):
    client.force_login(team["carla"])
    url = reverse("schedules:rotation_new", args=["first_responder"])
    nobody = rotation_post(team, member_0="", member_1="", member_2="")
    response = client.post(url, nobody)
    assert response.status_code == 400 and "pelo menos uma pessoa" in response.content.decode()
    team["bia"].email = ""
    team["bia"].save()
    team["bia"].profile.phone = team["bia"].profile.slack_handle = ""
    team["bia"].profile.save()
    response = client.post(url, rotation_post(team))
    assert response.status_code == 400 and "não pode ser acionado" in response.content.decode()
    ny = rotation_post(
        team,
        timezone="America/New_York",
        start_date="2026-03-08",
        handoff_time="02:30",
        member_2="",
    )
    response = client.post(url, ny)
    assert response.status_code == 400 and "03:00" in response.content.decode()
    assert not Rotation.objects.exists() and not ScheduleEvent.objects.exists()

    client.post(url, rotation_post(team, member_2=""))
    override_url = reverse("schedules:override_new", args=["first_responder"])
    backwards = override_post(team["bia"], "2026-03-05T10:00", "2026-03-05T09:00")
    team["bia"].email = "bia@example.com"
    team["bia"].save()
    response = client.post(override_url, backwards)
    assert response.status_code == 400 and "terminar depois de começar" in response.content.decode()
    past = {**backwards, "starts_at": "2026-03-01T10:00", "ends_at": "2026-03-01T12:00"}
    response = client.post(override_url, past)
    assert response.status_code == 400 and "toda no passado" in response.content.decode()
    assert not Override.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_schedule_responder_hands_over_only_their_own_shift(client, team, rotation):
    rotation(people=[team["ana"], team["rafa"]])  # Ana this week
    override_url = reverse("schedules:override_new", args=["first_responder"])
    client.force_login(team["rafa"])
    swap = override_post(team["bia"], "2026-03-05T10:00", "2026-03-05T14:00")
    response = client.post(override_url, swap)
    assert response.status_code == 400
    assert "só pode repassar o seu próprio plantão" in response.content.decode()
    client.force_login(team["ana"])
    preview = client.post(override_url, {**swap, "action": "preview"}, HTTP_HX_REQUEST="true")
    assert "Bia Alves" in preview.content.decode() and not Override.objects.exists()
    assert client.post(override_url, swap).status_code == 302
    override = Override.objects.get()
    assert override.replaces == team["ana"] and override.created_by == team["ana"]
    page = client.get(reverse("schedules:role", args=["first_responder"])).content.decode()
    assert "is-override" in page
    dashboard = client.get(reverse("incidents:dashboard")).content.decode()
    assert "Você está de plantão" in dashboard


def test_schedule_pages_need_login_and_permission(client, team):
    url = reverse("schedules:role", args=["first_responder"])
    assert client.get(url).status_code == 302
    client.force_login(team["ana"])
    assert client.get(url).status_code == 200
    new = reverse("schedules:rotation_new", args=["first_responder"])
    assert client.get(new).status_code == 403
    assert client.post(new, rotation_post(team)).status_code == 403
    assert not Rotation.objects.exists()


def _role_page(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("schedules:role", args=["first_responder"]))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_schedule_role_page_costs_the_same_for_one_and_thirty_overrides(client, team, rotation):
    from incidents.models import Profile, Role

    rotation()
    role = Role.objects.get(key="first_responder")
    client.force_login(team["carla"])

    def cover(person, hours_from_now):
        override_create(
            role=role,
            user=person,
            starts_at=NOW + dt.timedelta(hours=hours_from_now),
            ends_at=NOW + dt.timedelta(hours=hours_from_now + 1),
            note=f"<b>{person.username}</b>",
            by=team["carla"],
        )

    cover(team["bia"], 1)
    _role_page(client)  # warm: the plan is read once per process (per schedule version)
    few, html = _role_page(client)
    assert html.count("Cancelar substituição") == 1
    people = []
    for n in range(29):
        person = get_user_model().objects.create_user(
            f"p{n}", first_name="Pessoa", last_name=f"<{n}>", email=f"p{n}@example.com"
        )
        Profile.objects.create(user=person, slack_handle=f"@p{n}")
        people.append(person)
        cover(person, 2 + n * 2)
    _role_page(client)
    many, html = _role_page(client)
    assert few == many
    assert html.count("Cancelar substituição") == 30
    assert "Pessoa &lt;7&gt;" in html and "<7>" not in html  # names escaped everywhere
    assert "&lt;b&gt;p7&lt;/b&gt;" in html  # and notes
    assert "<bdi>Ana Souza</bdi> → <bdi>Rafael Costa</bdi> → <bdi>Bia Alves</bdi>" in html


@time_machine.travel(NOW, tick=False)
def test_schedule_refused_override_keeps_the_person_chosen(client, team, rotation):
    rotation()
    client.force_login(team["carla"])
    url = reverse("schedules:override_new", args=["first_responder"])
    backwards = override_post(team["bia"], "2026-03-05T10:00", "2026-03-05T09:00")
    html = client.post(url, backwards).content.decode()
    assert f'<option value="{team["bia"].pk}" dir="auto" selected>Bia Alves</option>' in html
    assert html.count(" selected>") == 1
    unknown = client.post(url, {**backwards, "user": "999999"}).content.decode()
    assert 'aria-invalid="true"' in unknown and " selected>" not in unknown


@time_machine.travel(NOW, tick=False)
def test_schedule_responder_may_cancel_only_the_overrides_she_made(client, team, rotation):
    from incidents.models import Role

    rotation(people=[team["ana"], team["rafa"]])  # Ana this week
    role = Role.objects.get(key="first_responder")
    start = NOW + dt.timedelta(hours=1)
    override_create(
        role=role,
        user=team["bia"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        by=team["ana"],
    )
    override_create(
        role=role,
        user=team["rafa"],
        starts_at=start + dt.timedelta(hours=3),
        ends_at=start + dt.timedelta(hours=4),
        by=team["carla"],
    )
    client.force_login(team["ana"])
    html = client.get(reverse("schedules:role", args=["first_responder"])).content.decode()
    assert html.count("Cancelar substituição") == 1
    assert "no lugar de <bdi>Ana Souza</bdi>" in html
    client.force_login(team["carla"])
    html = client.get(reverse("schedules:role", args=["first_responder"])).content.decode()
    assert html.count("Cancelar substituição") == 2


@time_machine.travel(NOW, tick=False)
def test_schedule_role_page_isolates_right_to_left_names(client, team, rotation):
    """A name people typed, right to left and with markup in it, is shown escaped inside
    <bdi> wherever the role page names a person: on call, overrides, rotation members and
    the changes, so it cannot reorder the words around it."""
    from tests.conftest import _make_user

    nadia = _make_user("nadia", "Responder", "نادية <b>", "Haddad")
    rotation(people=[nadia, team["ana"]])  # Nadia this week, Ana the next
    client.force_login(nadia)  # she hands part of her shift to Ana
    swap = override_post(team["ana"], "2026-03-05T10:00", "2026-03-05T14:00")
    assert (
        client.post(reverse("schedules:override_new", args=["first_responder"]), swap).status_code
        == 302
    )

    client.force_login(team["carla"])
    page = client.get(reverse("schedules:role", args=["first_responder"])).content.decode()
    isolated = "<bdi>نادية &lt;b&gt; Haddad</bdi>"
    assert "<b> Haddad" not in page
    sections = {
        name: page[page.index(f'id="{name}"') :].split("</section>", 1)[0]
        for name in ("timeline", "layers", "overrides", "audit")
    }
    timeline = sections["timeline"]
    assert f'<span class="sched-who">{isolated}</span>' in timeline  # on call this week
    assert f"no lugar de {isolated}</span>" in timeline  # Ana's override replaces her
    assert '<span class="sched-who"><bdi>Ana Souza</bdi></span>' in timeline
    assert f"{isolated} → <bdi>Ana Souza</bdi>" in sections["layers"]
    assert "<strong><bdi>Ana Souza</bdi></strong>" in sections["overrides"]
    assert isolated in sections["overrides"]  # "instead of" her
    assert f" · {isolated} · " in sections["audit"]  # she made the override
    assert f": <bdi>Ana Souza</bdi> (no lugar de {isolated})" in sections["audit"]
