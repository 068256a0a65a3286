"""A fresh `make run` is a pleasant first hour: links use its port, Slack/SMS/voice land in
a development inbox, the demo's health checks pass, contacts come from the roster (issue 15;
keyword: experience)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from notifications.devinbox import link_in
from notifications.models import Notification, NotificationStatus
from notifications.paging import page_person
from notifications.services import notification_deliver

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _site_url(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_experience_site_url_follows_port_when_unset():
    assert _site_url(PORT="8123") == "http://localhost:8123"
    assert _site_url() == "http://localhost:8000"
    assert _site_url(PORT="8123", SITE_URL="https://incidents.example.com") == (
        "https://incidents.example.com"
    )


def test_experience_dev_inbox_receives_pages_in_debug(settings, client, responder, declare):
    settings.DEBUG = True  # what `make run` runs with; no provider configured
    settings.SLACK_WEBHOOK_URL = settings.SMS_PROVIDER_URL = settings.VOICE_PROVIDER_URL = ""
    settings.SITE_URL = "http://localhost:8123"
    incident = declare("P1", title="Login falha para todos os usuários")
    page_person(incident=incident, user=responder, reason="acknowledge", key="dev-inbox-1")
    for row in Notification.objects.filter(incident=incident):
        assert notification_deliver(row.pk) == "delivered"  # not a red failure
    assert set(Notification.objects.values_list("status", flat=True)) == {
        NotificationStatus.DELIVERED
    }
    assert not incident.timeline.filter(kind="page_failed").exists()

    client.force_login(responder)
    assert 'href="/dev/inbox/"' in client.get("/").content.decode()  # in the menu
    html = client.get(reverse("notifications:dev_inbox")).content.decode()
    assert 'data-channel="slack"' in html and "Login falha para todos os usuários" in html
    assert f"http://localhost:8123/incidents/{incident.pk}/" in html  # the link it carries


def test_experience_dev_inbox_is_gone_without_debug(settings, client, responder, declare):
    settings.DEBUG = False
    settings.SLACK_WEBHOOK_URL = ""
    incident = declare("P1")
    [row] = page_person(incident=incident, user=responder, reason="acknowledge", key="k-2")[:1]
    notification_deliver(row.pk)
    row.refresh_from_db()
    assert row.status != NotificationStatus.DELIVERED  # production: not configured fails
    client.force_login(responder)
    assert client.get(reverse("notifications:dev_inbox")).status_code == 404
    assert "/dev/inbox/" not in client.get("/").content.decode()


def test_experience_link_in_a_message():
    assert link_in("P1 INC-3: see http://localhost:8000/incidents/3/ now") == (
        "http://localhost:8000/incidents/3/"
    )
    assert link_in("no link") == ""


def test_experience_demo_health_check_passes_on_a_fresh_install(
    settings, live_server, responder, declare
):
    from io import StringIO

    from django.core.management import call_command

    from runbooks.bootstrap import load_defaults
    from runbooks.models import ServiceEndpoint, Step
    from runbooks.services import health_check_run, scenario_attach

    settings.DEBUG = True
    settings.SITE_URL = live_server.url
    load_defaults(demo=True)
    call_command(
        "import_playbook", str(ROOT / "runbooks/defaults/playbook.pt-BR.md"), stdout=StringIO()
    )
    assert ServiceEndpoint.objects.get(name="backend").base_url == f"{live_server.url}/demo/backend"
    incident = declare("P0")
    step = Step.objects.exclude(check_path="").select_related("scenario").first()
    scenario_attach(incident=incident, scenario=step.scenario, by=responder)
    run = health_check_run(incident=incident, step=step, by=responder)
    assert run.passed, run.error


def test_experience_quick_reference_shows_the_roster_not_placeholders(client, manager, responder):
    from escalation.models import OnCallShift
    from incidents.models import Role
    from runbooks.models import QuickReferenceItem

    QuickReferenceItem.objects.create(
        kind="contact", label="Telefone do plantão", value="[preencher]"
    )
    QuickReferenceItem.objects.create(kind="contact", label="Slack", value="#alerts-production")
    OnCallShift.objects.create(role=Role.objects.get(key="first_responder"), user=responder)
    client.force_login(manager)
    html = client.get(reverse("runbooks:reference")).content.decode()
    contacts = html[html.index('data-testid="contacts"') :]
    assert "[preencher]" not in contacts and "#alerts-production" in contacts
    assert "Ana Souza" in contacts and "+55 11 90000-0000" in contacts


def test_experience_provider_errors_in_the_viewers_language():
    from django.utils import translation

    from notifications.templatetags.provider_errors import provider_error

    with translation.override("pt-br"):
        assert provider_error("not configured (SMS_PROVIDER_URL is empty)") == (
            "não configurado (SMS_PROVIDER_URL está vazio)"
        )
        assert provider_error("timeout (read after 10 s)") == "sem resposta em 10 s"
        assert provider_error("HTTP 503: busy") == "HTTP 503: busy"  # the provider's own words
    with translation.override("en"):
        assert provider_error("no phone number to send to") == "no phone number to send to"
