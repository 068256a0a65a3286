import pytest
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def comms_defaults(defaults):
    from communications.bootstrap import load_comms_defaults

    load_comms_defaults()


@pytest.fixture
def audiences(comms_defaults, manager, responder):
    """The Slack channel list, and a stakeholder list with two members and one extra email."""
    from communications.models import AudienceList

    slack = AudienceList.objects.get(slack_channel="#alerts-production")
    stakeholders = AudienceList.objects.get(name="Stakeholders")
    stakeholders.members.set([manager, responder])
    stakeholders.emails = "board@example.com\nANA@example.com"
    stakeholders.save()
    return {"slack": slack, "stakeholders": stakeholders}


@pytest.fixture
def as_user(db):
    def _client(user):
        client = Client()
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def compose(comms_defaults):
    """POST the composer form as a browser would: fill in, preview, then send what was seen."""
    from communications.forms import ComposerForm

    def _compose(client, incident, **fields):
        url = f"/incidents/{incident.pk}/communications/"
        page = client.get(url)
        form = page.context["composer"]
        data = {name: form[name].value() for name in ComposerForm.base_fields}
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None and v is not False}
        preview = client.post(url, {**data, "action": "preview"})
        shown = preview.context["preview"]
        data.update(token=shown["token"], previewed=shown["digest"])
        return url, data, shown

    return _compose
