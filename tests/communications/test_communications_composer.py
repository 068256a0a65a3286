"""The composer on the incident page: refusals, what is sent, the timeline."""

import pytest

from communications.models import IncidentComms, PublicUpdate, SentCommunication

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def test_experience_composer_opens_on_demand_filled_in_for_a_commander(
    as_user, commander, declare, comms_defaults
):
    incident = declare("P0", title="Checkout down")
    client = as_user(commander)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert 'id="comms-panel"' in html and 'id="composer"' not in html
    assert 'data-testid="open-composer"' in html  # a button loads it over HTMX
    panel = client.get(f"/incidents/{incident.pk}/communications/", **HTMX).content.decode()
    assert "<html" not in panel and 'id="composer"' in panel
    assert "[P0] Incidente em andamento: Checkout down" in panel  # pt-BR by default


def test_responder_and_manager_read_but_cannot_send(
    as_user, responder, manager, declare, compose, audiences
):
    incident = declare("P0")
    for user in (responder, manager):
        client = as_user(user)
        page = client.get(f"/incidents/{incident.pk}/").content.decode()
        assert 'id="comms-panel"' in page and 'id="composer"' not in page
        response = client.post(f"/incidents/{incident.pk}/communications/", {"action": "send"})
        assert response.status_code == 403
        body = response.content.decode().lower()
        assert "comandantes" in body or "commanders" in body  # says why
    assert not SentCommunication.objects.exists()


def test_sending_is_refused_while_impact_and_forecast_are_empty(
    as_user, commander, declare, compose, audiences
):
    incident = declare("P0")
    client = as_user(commander)
    url, data, _shown = compose(
        client, incident, impact="", forecast="", audiences=[audiences["slack"].pk]
    )
    before = incident.timeline.count()
    response = client.post(url, {**data, "action": "send"})
    assert response.status_code == 400
    assert "Preencha" in response.content.decode() or "Fill in" in response.content.decode()
    assert not SentCommunication.objects.exists()
    assert not incident.deadlines.filter(kind="stakeholder_update").exists()
    assert incident.timeline.count() == before
    assert not incident.timeline.filter(kind="communication_sent").exists()


def test_forecast_alone_missing_is_named(as_user, commander, declare, compose, audiences):
    incident = declare("P1")
    client = as_user(commander)
    url, data, _ = compose(client, incident, impact="Slow pages", forecast="")
    data["audiences"] = [audiences["slack"].pk]
    client.post(url, {**data, "action": "preview"})
    url, data, _ = compose(
        client, incident, impact="Slow pages", forecast="", audiences=[audiences["slack"].pk]
    )
    response = client.post(url, {**data, "action": "send"}, **HTMX)
    assert response["HX-Retarget"] == "#comms-panel"
    body = response.content.decode()
    assert "previsão" in body.lower() or "forecast" in body.lower()
    assert not SentCommunication.objects.exists()
    assert not IncidentComms.objects.filter(impact="Slow pages").exists()  # nothing changed
    assert not incident.timeline.filter(kind="communication_state_changed").exists()


def test_commander_sends_exactly_the_previewed_text(
    as_user, commander, declare, compose, audiences, settings
):
    incident = declare("P0", title="Checkout down")
    client = as_user(commander)
    url, data, shown = compose(
        client,
        incident,
        impact="Payments fail for everyone.",
        forecast="16:00",
        public="on",
        audiences=[audiences["slack"].pk, audiences["stakeholders"].pk],
        language="en",
        kind="notification",
        action="fill",
    )
    data["email_body"] = "Edited by hand.\nPayments fail for everyone."
    shown = client.post(url, {**data, "action": "preview"}).context["preview"]
    data.update(token=shown["token"], previewed=shown["digest"])
    response = client.post(url, {**data, "action": "send"})
    assert response.status_code == 302

    sent = SentCommunication.objects.get()
    assert sent.email_body == "Edited by hand.\nPayments fail for everyone." == shown["email_body"]
    assert sent.slack_text == shown["slack_text"] and sent.sms_text == shown["sms_text"]
    assert sent.recipients["slack"] == ["#alerts-production"]
    assert sorted(sent.recipients["email"]) == sorted(
        ["diego@example.com", "ana@example.com", "board@example.com"]
    )  # members and extra addresses, ANA@example.com counted once

    event = incident.timeline.get(kind="communication_sent")
    assert event.actor == commander
    assert event.data["email_body"] == sent.email_body
    assert event.data["slack_text"] == sent.slack_text
    assert event.data["recipients"] == sent.recipients
    assert IncidentComms.objects.get(incident=incident).impact == "Payments fail for everyone."
    assert PublicUpdate.objects.get(incident=incident).text == shown["public_text"]

    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "board@example.com" in page and "Edited by hand." in page  # on the timeline


def test_text_changed_after_the_preview_is_not_sent(
    as_user, commander, declare, compose, audiences
):
    incident = declare("P0")
    client = as_user(commander)
    url, data, _ = compose(
        client, incident, impact="x", forecast="y", audiences=[audiences["slack"].pk]
    )
    data["slack_text"] = "something never previewed"
    response = client.post(url, {**data, "action": "send"})
    assert response.status_code == 409
    assert not SentCommunication.objects.exists()
    assert response.context["preview"]["slack_text"] == "something never previewed"


def test_the_same_preview_sent_twice_is_sent_once(as_user, commander, declare, compose, audiences):
    incident = declare("P0")
    client = as_user(commander)
    url, data, _ = compose(
        client, incident, impact="x", forecast="y", audiences=[audiences["slack"].pk]
    )
    assert client.post(url, {**data, "action": "send"}).status_code == 302
    again = client.post(url, {**data, "action": "send"})
    assert again.status_code == 400
    assert SentCommunication.objects.count() == 1
    assert incident.timeline.filter(kind="communication_sent").count() == 1


def test_no_audience_is_refused(as_user, commander, declare, compose, audiences):
    incident = declare("P0")
    client = as_user(commander)
    url, data, _ = compose(client, incident, impact="x", forecast="y")
    data.pop("audiences", None)
    shown = client.post(url, {**data, "action": "preview"}).context["preview"]
    data.update(token=shown["token"], previewed=shown["digest"])
    response = client.post(url, {**data, "action": "send"})
    assert response.status_code == 400
    assert not SentCommunication.objects.exists()


def test_fill_uses_impact_and_forecast_and_records_them(
    as_user, commander, declare, compose, audiences
):
    incident = declare("P1", title="Reports are slow")
    client = as_user(commander)
    url, data, _ = compose(client, incident)
    data.update(impact="Reports take minutes.", forecast="tomorrow 9:00", language="en")
    response = client.post(url, {**data, "action": "fill"}, **HTMX)
    html = response.content.decode()
    assert "Reports take minutes." in html and "tomorrow 9:00" in html
    assert "<html" not in html
    event = incident.timeline.get(kind="communication_state_changed")
    assert event.data["impact"] == "Reports take minutes."


def test_public_title_defaults_to_the_incident_title_once(
    as_user, commander, declare, compose, audiences
):
    incident = declare("P0", title="Payments down")
    client = as_user(commander)
    url, data, _ = compose(client, incident, impact="x", forecast="y", public="on")
    filled = client.post(url, {**data, "action": "fill"})
    assert filled.context["composer"]["public_title"].value() == "Payments down"
    client.post(url, {**data, "action": "fill"})
    assert incident.timeline.filter(kind="communication_state_changed").count() == 1
    assert incident.comms.public_title == "Payments down"


def test_recipients_of_many_lists_cost_two_queries(
    audiences, commander, responder2, django_assert_num_queries
):
    from communications.models import AudienceList
    from communications.recipients import recipients_of

    stakeholders = audiences["stakeholders"]
    stakeholders.members.add(commander, responder2)
    stakeholders.send_sms = True
    stakeholders.save()
    with django_assert_num_queries(2):  # the lists, then their members with profiles
        to = recipients_of(AudienceList.objects.all())
    assert "board@example.com" in to.emails and to.slack == ["#alerts-production"]


def test_htmx_send_answers_with_the_refreshed_incident_panel(
    as_user, commander, declare, compose, audiences
):
    incident = declare("P0")
    client = as_user(commander)
    url, data, _ = compose(
        client, incident, impact="x", forecast="y", audiences=[audiences["slack"].pk]
    )
    response = client.post(url, {**data, "action": "send"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="incident-main"' in html and "<html" not in html
    assert 'id="comms-panel"' in html and SentCommunication.objects.count() == 1
