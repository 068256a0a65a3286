"""Template output bombs: refused at save, and bounded wherever a stored one is rendered."""

import time

import pytest

from communications.models import MessageTemplate
from communications.rendering import TemplateProblem, render_part, sample_context

BOMBS = [
    '{{ title|ljust:"30000000" }}',
    "{% lorem 2000000 w %}",
    '{{ title|stringformat:"30000000s" }}',
    "{% for a in title %}{% for b in title %}{% for c in title %}{{ title }}"
    "{% endfor %}{% endfor %}{% endfor %}",
]
# Loops in loops that make no text: only the time bound stops them.
SLOW = (
    "{% for a in title %}{% for b in title %}{% for c in title %}{% for d in title %}"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize("source", [*BOMBS, SLOW])
def test_security_template_bombs_are_bounded(source, settings):
    settings.MESSAGE_TEMPLATE_MAX_RENDER_SECONDS = 0.2
    started = time.monotonic()
    with pytest.raises(TemplateProblem):
        render_part("email_body", source, sample_context("en"))
    assert time.monotonic() - started < 2


def test_security_template_small_filler_still_works():
    text = render_part("email_body", '{% lorem 3 w %} {{ title|ljust:"40" }}!', {"title": "x"})
    assert text.startswith("lorem ipsum dolor") and text.endswith(" " * 39 + "!")


@pytest.mark.django_db
def test_security_template_bomb_refused_at_save_and_bounded_on_the_incident_page(
    comms_defaults, as_user, commander, declare
):
    template = MessageTemplate.objects.get(kind="notification", language="pt-br")
    url = f"/communications/templates/{template.pk}/"
    parts = {p: getattr(template, p) for p in ("email_subject", "slack_text", "sms_text")}
    parts |= {"public_text": template.public_text, "action": "save"}
    response = as_user(commander).post(url, {**parts, "email_body": BOMBS[0]})
    assert response.status_code == 400
    assert "20000" in response.content.decode()
    template.refresh_from_db()
    assert "ljust" not in template.email_body
    # One stored before the bound: the commander's incident page stays small.
    MessageTemplate.objects.filter(pk=template.pk).update(email_body=BOMBS[0])
    incident = declare(severity="P1")
    page = as_user(commander).get(f"/incidents/{incident.pk}/")
    assert page.status_code == 200
    assert len(page.content) < 500_000
