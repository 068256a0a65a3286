"""Slack markup injection: titles and handles reach Slack escaped; header errors are final."""

from django.core import mail

from notifications.channels import email
from notifications.models import Notification
from notifications.services import notification_deliver, page_person

EVIL_TITLE = "DB down <!channel> <https://evil.example|click here> & more"


def test_security_slack_title_and_handle_are_escaped(providers, declare, responder):
    incident = declare(title=EVIL_TITLE)
    responder.profile.slack_handle = "<!here>"  # stored before handles were validated
    responder.profile.save()
    [root] = page_person(incident=incident, user=responder, reason="declared", key="sec-slack")
    assert notification_deliver(root.pk) == "delivered"
    [request] = providers.received("/slack")
    text = request["json"]["text"]
    assert "<!channel>" not in text and "<!here>" not in text and "<https://" not in text
    assert "&lt;!channel&gt;" in text and "&lt;https://evil.example|click here&gt;" in text
    assert "&amp; more" in text
    assert text.startswith("@&lt;!here&gt;")  # the handle is text, not a mention


def test_security_slack_member_id_stays_a_real_mention(providers, declare, responder):
    incident = declare(title="Fila parada")
    responder.profile.slack_handle = "U012AB3CD"
    responder.profile.save()
    [root] = page_person(incident=incident, user=responder, reason="declared", key="sec-id")
    notification_deliver(root.pk)
    [request] = providers.received("/slack")
    assert request["json"]["text"].startswith("<@U012AB3CD> *")


def test_security_email_header_error_is_not_retried(declare, responder):
    incident = declare(title="Fila parada")
    # A subject stored before titles refused line breaks: refused for good, not retried.
    row = Notification(
        incident=incident,
        user=responder,
        channel="email",
        address="ana@example.com",
        subject="Broken\nBcc: victim@example.com",
        body="x",
    )
    result = email.send(row)
    assert not result.ok and result.permanent and "BadHeaderError" in result.error
    assert mail.outbox == []
