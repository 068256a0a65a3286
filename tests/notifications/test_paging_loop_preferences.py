"""Paging loop: notification rules on the preferences page, and "send me a test page"."""

import pytest

from notifications.models import Notification, NotificationRule
from notifications.services import notification_deliver

pytestmark = pytest.mark.django_db

RULES = {
    "p0_slack": "0", "p0_sms": "2", "p0_voice": "4",
    "p1_slack": "0", "p1_sms": "5",
    "p2_slack": "0",
    "p3_email": "0",
}  # fmt: skip


@pytest.fixture
def ana(client, responder):
    client.force_login(responder)
    client.post("/me/language/", {"language": "en"})
    return responder


def test_paging_loop_preferences_show_the_default_rules(client, ana):
    html = client.get("/me/").content.decode()
    assert 'id="paging-rules"' in html and "Send me a test page" in html
    assert 'name="p1_sms" value="3"' in html and 'name="p1_voice" value="6"' in html
    assert 'name="p3_sms"' in html and 'name="p3_sms" value=' not in html


def test_paging_loop_rules_are_saved_and_bad_ones_explained(client, ana):
    response = client.post("/me/paging/rules/", RULES)
    assert response.status_code == 302
    rules = NotificationRule.objects.filter(user=ana)
    saved = set(rules.values_list("severity", "channel", "after_minutes"))
    assert ("P0", "voice", 4) in saved and ("P3", "email", 0) in saved and len(saved) == 7
    bad = client.post("/me/paging/rules/", {**RULES, "p2_slack": "", "p1_slack": "3"})
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "Choose at least one channel." in html
    assert "The first channel is paged at once" in html
    assert NotificationRule.objects.filter(user=ana).count() == 7, "nothing changed"
    htmx = client.post("/me/paging/rules/", RULES, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "Notification rules saved." in htmx.content.decode()


def test_paging_loop_test_page_goes_over_each_channel_and_shows_how_it_went(client, ana, providers):
    NotificationRule.objects.create(user=ana, severity="P0", channel="sms", after_minutes=0)
    NotificationRule.objects.create(user=ana, severity="P0", channel="voice", after_minutes=2)
    providers.answer("/voice", 400)  # a wrong number
    response = client.post("/me/paging/test/")
    assert response.status_code == 302
    rows = list(Notification.objects.filter(user=ana, incident__isnull=True).order_by("id"))
    # P1-P3 keep the defaults (Slack, SMS, voice); P0 adds nothing new.
    assert [r.channel for r in rows] == ["slack", "sms", "voice"]
    for row in rows:
        notification_deliver(row.pk)
    html = client.get("/me/").content.decode()
    assert html.count('data-testid="trial-row"') == 3
    assert "delivered" in html and "HTTP 400" in html
    assert len(providers.received("/sms")) == 1
    assert "test page" in providers.received("/sms")[0]["json"]["message"]
    again = client.post("/me/paging/test/", HTTP_HX_REQUEST="true")
    assert "try again in" in again.content.decode()
    assert Notification.objects.filter(user=ana, incident__isnull=True).count() == 3


def test_paging_loop_preferences_need_a_login(client):
    assert client.post("/me/paging/test/").status_code == 302
    assert client.post("/me/paging/rules/", RULES).status_code == 302
    assert not Notification.objects.exists()
