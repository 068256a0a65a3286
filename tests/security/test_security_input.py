"""Bad input is refused with a message, never a 500: titles, phones, handles, NUL, lengths."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from incidents.errors import IncidentActionError
from incidents.models import Incident, Profile
from incidents.services import incident_declare

from .world import build_world

ROOT = Path(__file__).resolve().parents[2]


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_security_titles_refuse_control_characters_and_newlines():
    world = build_world()
    client = _as(world.users["commander"])
    for title in ("DB down\nBcc: x@example.com", "DB down\r\nfoo", "Bell \x07 ringing"):
        response = client.post("/incidents/new/", {"title": title, "severity": "P1"})
        assert response.status_code == 400
        assert "control characters" in response.content.decode() or "controle" in (
            response.content.decode()
        )
    with pytest.raises(IncidentActionError):
        incident_declare(title="API\nbroken", severity="P1", by=None)
    assert Incident.objects.count() == 2  # only the world's


@pytest.mark.django_db
def test_security_preferences_validate_phone_and_slack_handle():
    world = build_world()
    user = world.users["responder"]
    client = _as(user)
    base = {"language": "pt-br", "timezone": "America/Sao_Paulo"}
    bad = client.post("/me/", {**base, "phone": "call me maybe", "slack_handle": "<!here>"})
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "phone" in errors and "slack_handle" in errors
    good = client.post("/me/", {**base, "phone": "(11) 99876-5432", "slack_handle": "@ana.souza"})
    assert good.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.phone == "+5511998765432" and profile.slack_handle == "@ana.souza"


@pytest.mark.django_db
def test_security_nul_bytes_are_refused_everywhere():
    world = build_world()
    client = _as(world.users["commander"])
    pk = world.incident.pk
    # A reason posted without a form, and a form field.
    waive = client.post(f"/incidents/{pk}/runbook/waive/", {"reason": "because\x00"})
    assert waive.status_code == 400 and "reason" in waive.content.decode()
    note = client.post(f"/incidents/{pk}/notes/", {"text": "a\x00b"})
    assert note.status_code == 400
    query = client.get("/", {"page": "1\x00"}, HTTP_ACCEPT="application/json")
    assert query.status_code == 400 and query.json()["field"] == "page"
    assert not world.incident.timeline.filter(kind="note_added").exists()


@pytest.mark.django_db
def test_security_over_long_fields_are_form_errors():
    world = build_world()
    client = _as(world.users["commander"])
    url = f"/incidents/{world.incident.pk}/communications/"
    fine = {"kind": "notification", "language": "en", "email_subject": "s" * 255}
    assert client.post(url, fine).status_code == 200
    for field, value in (("email_subject", "s" * 256), ("token", "t" * 65)):
        response = client.post(url, {**fine, field: value})
        assert response.status_code == 400
        assert field in response.context["composer"].errors


@pytest.mark.django_db
def test_security_unknown_language_is_a_400():
    world = build_world()
    response = _as(world.users["responder"]).post("/me/language/", {"language": "xx"})
    assert response.status_code == 400


def _start(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DJANGO_ALLOWED_HOSTS": "incidents.example.com", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_security_production_start_up_refuses_the_development_key():
    from django.conf import settings

    missing = _start(DJANGO_DEBUG="false")
    assert missing.returncode != 0 and "DJANGO_SECRET_KEY is missing" in missing.stderr
    published = _start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY)
    assert published.returncode != 0 and "development key" in published.stderr
    assert _start().returncode == 0  # development: DEBUG on by default, the dev key is fine
