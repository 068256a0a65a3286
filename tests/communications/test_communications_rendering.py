"""Templates filled in from an incident: per channel, per language, safely."""

import pytest

from communications.models import MessageTemplate
from communications.rendering import (
    TemplateProblem,
    email_html,
    fit_sms,
    incident_context,
    render_part,
    render_parts,
    render_template,
)

pytestmark = pytest.mark.django_db


def _context(
    incident, language, kind="notification", impact="Nobody can log in.", forecast="16:00"
):
    return incident_context(
        incident,
        language=language,
        impact=impact,
        forecast=forecast,
        kind=kind,
        cadence_minutes=30,
    )


@pytest.mark.parametrize("language", ["pt-br", "en"])
@pytest.mark.parametrize("kind", ["notification", "status_update", "resolved"])
def test_every_shipped_template_renders_every_channel(comms_defaults, declare, language, kind):
    incident = declare("P0", title="Login is broken")
    template = MessageTemplate.objects.get(kind=kind, language=language)
    message = render_template(template, _context(incident, language, kind))
    assert message.problems == []
    assert "Login is broken" in message.email_subject
    assert "Nobody can log in." in message.email_body
    assert "Nobody can log in." in message.slack_text
    assert "Login is broken" in message.sms_text and len(message.sms_text) <= 160
    assert message.public_text
    assert "/incidents/" not in message.public_text  # no internal link goes public
    if kind != "resolved":
        assert "16:00" in message.email_body and "16:00" in message.slack_text


def test_languages_differ_and_use_the_templates_words(comms_defaults, declare):
    incident = declare("P1")
    pt = render_template(
        MessageTemplate.objects.get(kind="notification", language="pt-br"),
        _context(incident, "pt-br"),
    )
    en = render_template(
        MessageTemplate.objects.get(kind="notification", language="en"), _context(incident, "en")
    )
    assert pt.email_subject.startswith("[P1] Incidente em andamento")
    assert en.email_subject.startswith("[P1] Incident in progress")
    assert "Impacto:" in pt.email_body and "Impact:" in en.email_body
    assert "Próxima atualização até" in pt.email_body
    assert "Next update by" in en.email_body


def test_context_has_status_start_time_next_update_and_link(settings, declare):
    settings.SITE_URL = "https://incidents.example.com"
    incident = declare("P0")
    context = _context(incident, "en")
    assert context["status"] == "Triggered"
    assert context["severity"] == "P0"
    assert context["link"] == f"https://incidents.example.com/incidents/{incident.pk}/"
    assert context["status_page"] == "https://incidents.example.com/status/"
    assert context["started_at"] and context["next_update"]
    assert _context(incident, "en", kind="resolved")["next_update"] == ""


def test_sms_longer_than_160_is_cut_at_a_word_with_an_ellipsis():
    text, original = fit_sms("word " * 60)
    assert original == len(("word " * 60).strip())
    assert len(text) <= 160 and text.endswith("…")
    assert not text[:-1].endswith(" ")
    assert fit_sms("short\nmessage") == ("short message", 13)
    long_word, _ = fit_sms("x" * 300)
    assert len(long_word) == 160


def test_long_title_sms_reports_the_cut(comms_defaults, declare):
    incident = declare("P0", title="A" * 60 + " very long incident title that goes on and on " * 2)
    template = MessageTemplate.objects.get(kind="notification", language="en")
    message = render_template(template, _context(incident, "en", impact="Impact " * 20))
    assert len(message.sms_text) <= 160
    assert message.sms_truncated and message.sms_original_length > 160
    assert message.sms_text.endswith("…")


def test_hostile_title_is_escaped_in_email_html_but_plain_in_text(comms_defaults, declare):
    incident = declare("P0", title='<script>alert("x")</script> & co')
    template = MessageTemplate.objects.get(kind="notification", language="en")
    message = render_template(template, _context(incident, "en"))
    html = message.email_html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html
    assert '<script>alert("x")</script>' in message.slack_text  # plain text channel, as typed
    assert "<script>" not in email_html("<b>subject</b>", "line one\n<img src=x onerror=1>")


def test_a_broken_template_says_which_part_and_line():
    with pytest.raises(TemplateProblem) as caught:
        render_part("email_body", "Hello\n{{ title }}\n{% if impact %}\nno end", {"title": "t"})
    problem = caught.value
    assert problem.line == 3
    assert "endif" in problem.message
    assert "line 3" in str(problem)


def test_problems_are_collected_per_part_not_raised(declare):
    parts = {
        "email_subject": "{{ title|nosuchfilter }}",
        "email_body": "ok {{ title }}",
        "slack_text": "{% for x in %}",
        "sms_text": "sms",
        "public_text": "public",
    }
    message = render_parts(parts, {"title": "T"})
    assert {p.part for p in message.problems} == {"email_subject", "slack_text"}
    assert message.email_body == "ok T"
    assert "nosuchfilter" in str(message.problems[0])


def test_only_the_given_context_exists_and_no_loading_or_debug(settings):
    assert (
        render_part("email_body", "[{{ settings.SECRET_KEY }}][{{ request.user }}]", {}) == "[][]"
    )
    for source in ("{% load static %}", "{% include 'base.html' %}", "{% debug %}"):
        with pytest.raises(TemplateProblem):
            render_part("email_body", source, {})
