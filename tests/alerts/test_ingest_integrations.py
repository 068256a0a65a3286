"""Integrations as data: the command, the page (create, token once, rules, rotation)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alerts.models import Integration, RoutingRule
from alerts.tokens import token_hash

from .payloads import alertmanager, event

pytestmark = pytest.mark.django_db


def test_ingest_create_integration_command_json(defaults, post):
    out = StringIO()
    call_command("create_integration", "prom-prod", "--kind", "alertmanager", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    integration = Integration.objects.get()
    assert printed == {
        "id": integration.pk,
        "name": "prom-prod",
        "kind": "alertmanager",
        "url": "/api/v1/alerts/alertmanager",
        "token": printed["token"],
    }
    assert integration.token_hash == token_hash(printed["token"])
    assert printed["token"] not in json.dumps(list(Integration.objects.values()), default=str)
    assert post("alertmanager", alertmanager(), token=printed["token"]).status_code == 202


def test_ingest_create_integration_command_refuses_bad_input(defaults):
    call_command("create_integration", "dup", "--kind", "events", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_integration", "dup", "--kind", "events", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_integration", "has space", "--kind", "events", stdout=StringIO())


def test_ingest_integration_page_create_shows_token_once(client, commander, post):
    client.force_login(commander)
    response = client.post("/integrations/", {"name": "grafana-prod", "kind": "grafana"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    token = response.context["token"]
    assert token and token in response.content.decode()
    integration = Integration.objects.get(name="grafana-prod")
    again = client.get(f"/integrations/{integration.pk}/").content.decode()
    assert token not in again


def test_ingest_integration_page_rotate_token(client, commander, make_integration, post):
    am = make_integration("alertmanager")
    client.force_login(commander)
    response = client.post(f"/integrations/{am.pk}/token/")
    new = response.context["token"]
    assert new != am.token
    assert post("alertmanager", alertmanager(), token=am.token).status_code == 401
    assert post("alertmanager", alertmanager(), token=new).status_code == 202


def test_ingest_integration_page_rules_add_move_delete(client, commander, make_integration):
    am = make_integration("alertmanager")
    client.force_login(commander)
    url = f"/integrations/{am.pk}/rules/"
    client.post(url, {"label": "job", "operator": "equals", "value": "db", "severity": "P0"})
    client.post(url, {"label": "job", "operator": "regex", "value": "api-.*", "service": "api"})
    first, second = RoutingRule.objects.order_by("position")
    assert (first.value, second.value) == ("db", "api-.*")
    client.post(f"/integrations/{am.pk}/rules/{second.pk}/up/")
    assert list(RoutingRule.objects.values_list("value", flat=True)) == ["api-.*", "db"]
    client.post(f"/integrations/{am.pk}/rules/{first.pk}/delete/")
    assert list(RoutingRule.objects.values_list("value", flat=True)) == ["api-.*"]


def test_ingest_integration_page_rule_errors_rerendered(client, commander, make_integration):
    am = make_integration("alertmanager")
    client.force_login(commander)
    bad_regex = client.post(
        f"/integrations/{am.pk}/rules/",
        {"label": "job", "operator": "regex", "value": "([", "severity": "P1"},
    )
    assert bad_regex.status_code == 400
    assert "regex" in bad_regex.content.decode()
    nothing = client.post(
        f"/integrations/{am.pk}/rules/", {"label": "job", "operator": "equals", "value": "x"}
    )
    assert nothing.status_code == 400
    assert RoutingRule.objects.count() == 0


def test_ingest_integration_page_settings(client, commander, make_integration):
    am = make_integration("alertmanager")
    client.force_login(commander)
    data = {
        "is_active": "on",
        "group_by": "group_key",
        "default_severity": "P1",
        "default_service": "backend",
        "mitigate_when_resolved": "on",
        "rate_limit_per_minute": "120",
        "map_critical": "P0",
        "map_error": "P0",
        "map_warning": "P2",
        "map_info": "P3",
    }
    response = client.post(f"/integrations/{am.pk}/", data)
    assert response.status_code == 200
    am.refresh_from_db()
    assert am.group_by == "group_key" and am.severity_map["error"] == "P0"
    assert am.mitigate_when_resolved and am.rate_limit_per_minute == 120
    bad = client.post(f"/integrations/{am.pk}/", {**data, "rate_limit_per_minute": "0"})
    assert bad.status_code == 400


def test_ingest_integration_pages_permissions(client, responder, make_integration):
    am = make_integration("alertmanager")
    client.force_login(responder)
    assert client.get("/integrations/").status_code == 200
    assert client.get(f"/integrations/{am.pk}/").status_code == 200
    assert client.post("/integrations/", {"name": "x", "kind": "events"}).status_code == 403
    assert client.post(f"/integrations/{am.pk}/token/").status_code == 403
    assert client.post(f"/integrations/{am.pk}/rules/", {}).status_code == 403
    client.logout()
    assert client.get("/integrations/").status_code == 302


def test_ingest_integration_page_lists_last_alerts(client, commander, make_integration, post):
    ev = make_integration("events")
    post("events", event(routing_key=ev.token))
    client.force_login(commander)
    page = client.get(f"/integrations/{ev.pk}/").content.decode()
    assert "Disk full on srv-42" in page
    assert ev.token not in page


def test_ingest_integration_page_hides_restricted_incidents_alerts(
    client, responder, commander, make_integration, post
):
    from incidents.services import incident_set_restricted

    ev = make_integration("events")
    post("events", event(routing_key=ev.token))
    from incidents.models import Incident

    incident_set_restricted(incident=Incident.objects.get(), restricted=True, by=commander)
    client.force_login(responder)
    assert "Disk full on srv-42" not in client.get(f"/integrations/{ev.pk}/").content.decode()
    client.force_login(commander)
    assert "Disk full on srv-42" in client.get(f"/integrations/{ev.pk}/").content.decode()


def test_ingest_integration_page_shows_the_last_refused_delivery(
    client, commander, make_integration, post
):
    am = make_integration("alertmanager")
    response = post("alertmanager", {"version": "4", "alerts": [{"status": "x"}]}, token=am.token)
    assert response.status_code == 400
    client.force_login(commander)
    page = client.get(f"/integrations/{am.pk}/").content.decode()
    assert "$.alerts[0].status" in page
    assert "400" in page


def test_ingest_admin_lists_integrations_without_tokens(admin_client, make_integration, post):
    am = make_integration("alertmanager")
    post("alertmanager", alertmanager(), token=am.token)
    listing = admin_client.get("/admin/alerts/integration/")
    assert listing.status_code == 200
    change = admin_client.get(f"/admin/alerts/integration/{am.pk}/change/").content.decode()
    assert am.token not in change and am.token_hash not in change
    assert admin_client.get("/admin/alerts/alertgroup/").status_code == 200


def test_ingest_integration_page_never_shows_the_hmac_secret(client, commander, make_integration):
    gf = make_integration("grafana", hmac_secret="very-secret-value")
    client.force_login(commander)
    assert "very-secret-value" not in client.get(f"/integrations/{gf.pk}/").content.decode()
    base = {
        "is_active": "on",
        "group_by": "fingerprint",
        "default_severity": "P2",
        "rate_limit_per_minute": "600",
        "hmac_signature_header": "X-Grafana-Alerting-Signature",
        "hmac_timestamp_header": "X-Grafana-Alerting-Timestamp",
        **{
            f"map_{k}": v
            for k, v in {"critical": "P0", "error": "P1", "warning": "P2", "info": "P3"}.items()
        },
    }
    client.post(f"/integrations/{gf.pk}/", base)  # blank secret: kept
    gf.refresh_from_db()
    assert gf.hmac_secret == "very-secret-value"
    client.post(f"/integrations/{gf.pk}/", {**base, "clear_hmac_secret": "on"})
    gf.refresh_from_db()
    assert gf.hmac_secret == ""
