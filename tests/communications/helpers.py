from communications.models import AudienceList
from communications.services import comms_state_update, communication_send


def send(incident, by, kind="notification", public_text="We are on it.", language="en", **texts):
    """Send a message through the service, as the composer does after a preview."""
    import uuid

    comms_state_update(
        incident=incident, by=by, impact="Logins fail.", forecast="16:00", public=True
    )
    values = {
        "email_subject": "Subject",
        "email_body": "Body",
        "slack_text": "Slack text",
        "sms_text": "SMS text",
        "public_text": public_text,
        **texts,
    }
    return communication_send(
        incident=incident,
        by=by,
        token=uuid.uuid4().hex,
        kind=kind,
        language=language,
        texts=values,
        audiences=AudienceList.objects.filter(slack_channel__gt=""),
    )
