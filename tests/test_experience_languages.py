"""Every word in the viewer's language: the main pages rendered in pt-BR carry no English
text of the catalogue, and in English no Portuguese (issue 15; keyword: experience).
tests/test_translations.py checks the catalogue itself; this checks rendered pages."""

import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_translations import _parse

pytestmark = pytest.mark.django_db
CATALOGUE = Path(__file__).resolve().parents[1] / "locale/pt_BR/LC_MESSAGES/django.po"
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)
_PLACEHOLDER = re.compile(r"%\(|\{|<|%s|%d")


def _pairs() -> list[tuple[str, str]]:
    """(English, Portuguese) phrases long enough to tell the languages apart."""
    pairs = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        _flags, fields = _parse(block)
        english, portuguese = fields.get("msgid", ""), fields.get("msgstr", "")
        if min(len(english), len(portuguese)) < 14 or english == portuguese:
            continue
        if _PLACEHOLDER.search(english) or _PLACEHOLDER.search(portuguese):
            continue
        pairs.append((english, portuguese))
    return pairs


def _text(response) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", response.content.decode())).split())


@pytest.fixture
def world(commander, responder, declare, settings):
    from incidents.models import Role
    from incidents.services import incident_acknowledge, incident_add_note, incident_assign_role

    settings.DEBUG = True  # the dev inbox page too
    incident = declare("P1", title="INC title 42")
    incident_acknowledge(incident=incident, by=responder)
    incident_assign_role(
        incident=incident,
        role=Role.objects.get(key="incident_commander"),
        user=commander,
        by=commander,
    )
    incident_add_note(incident=incident, text="note 42", by=commander)
    return incident


PAGES = [
    ("incidents:dashboard", {}),
    ("incidents:detail", None),
    ("incidents:declare", {}),
    ("incidents:preferences", {}),
    ("escalation:oncall", {}),
    ("runbooks:reference", {}),
    ("communications:templates", {}),
    ("notifications:dev_inbox", {}),
]


@pytest.mark.parametrize("language", ["pt-br", "en"])
def test_experience_pages_speak_one_language(client, commander, world, language):
    from incidents.models import Profile

    Profile.objects.update_or_create(user=commander, defaults={"language": language})
    client.force_login(commander)
    pairs = _pairs()
    assert len(pairs) > 100
    found = []
    for name, kwargs in PAGES:
        url = reverse(name, kwargs={"pk": world.pk} if kwargs is None else kwargs)
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url
        text = _text(response)
        for english, portuguese in pairs:
            other = english if language == "pt-br" else portuguese
            if other in text:
                found.append(f"{url}: {other!r}")
    assert not found, found
