"""Commanders and managers edit templates with a live preview; errors are shown, never a 500."""

import re
from html import unescape

import pytest

from communications.models import MessageTemplate
from communications.rendering import PARTS

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def _parts(template, **changes):
    return {**{p: getattr(template, p) for p in PARTS}, **changes}


def test_manager_previews_live_and_saves(as_user, manager, comms_defaults):
    template = MessageTemplate.objects.get(kind="notification", language="en")
    client = as_user(manager)
    url = f"/communications/templates/{template.pk}/"
    assert client.get(url).status_code == 200
    preview = client.post(url, _parts(template, slack_text="NEW {{ title|upper }}"), **HTMX)
    html = preview.content.decode()
    assert preview.status_code == 200 and "<html" not in html
    assert "NEW CHECKOUT FAILS FOR SOME CUSTOMERS" in html
    saved = client.post(url, {**_parts(template, slack_text="Saved {{ title }}"), "action": "save"})
    assert saved.status_code == 302
    template.refresh_from_db()
    assert template.slack_text == "Saved {{ title }}" and template.updated_by == manager


def test_broken_template_shows_line_and_message_not_500(as_user, commander, comms_defaults):
    template = MessageTemplate.objects.get(kind="notification", language="pt-br")
    client = as_user(commander)
    url = f"/communications/templates/{template.pk}/"
    broken = _parts(template, email_body="Olá\n{% if impact %}\nsem fim")
    preview = client.post(url, broken, **HTMX)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-testid="template-problems"' in html
    assert "line 2" in html or "linha 2" in html
    assert "endif" in html
    save = client.post(url, {**broken, "action": "save"})
    assert save.status_code == 400
    assert 'data-testid="save-error"' in save.content.decode()
    template.refresh_from_db()
    assert "sem fim" not in template.email_body  # nothing changed


def test_long_sms_template_is_cut_and_the_editor_is_told(as_user, commander, comms_defaults):
    template = MessageTemplate.objects.get(kind="status_update", language="en")
    client = as_user(commander)
    url = f"/communications/templates/{template.pk}/"
    response = client.post(url, _parts(template, sms_text="{{ impact }} " * 10), **HTMX)
    html = response.content.decode()
    sms = re.search(r'data-testid="sms-preview">(.*?)</div>', html, re.S).group(1)
    assert len(unescape(sms)) <= 160 and sms.endswith("…")
    assert "160/160" in html or "159/160" in html or "/160" in html
    assert re.search(r"(had|has|tem|tinha) \d{3} ", html)  # the editor is told it was cut


def test_responder_reads_templates_but_cannot_edit(as_user, responder, comms_defaults):
    template = MessageTemplate.objects.get(kind="resolved", language="en")
    client = as_user(responder)
    assert client.get("/communications/templates/").status_code == 200
    response = client.post(
        f"/communications/templates/{template.pk}/",
        {**_parts(template, sms_text="hacked"), "action": "save"},
    )
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.sms_text != "hacked"


def test_templates_need_login(client, comms_defaults):
    response = client.get("/communications/templates/")
    assert response.status_code == 302 and "/login/" in response["Location"]
