"""The intake keeps each integration and its rules in memory between deliveries: every
change made in the product (rules, settings, token, switch) applies to the next alert."""

import pytest

from alerts.models import RoutingRule
from alerts.services.integrations import (
    integration_rotate_token,
    integration_update,
    rule_add,
    rule_delete,
)
from incidents.models import Incident

from .payloads import alertmanager, am_alert

pytestmark = pytest.mark.django_db


def opened(post, am, fingerprint):
    answer = post("alertmanager", alertmanager(am_alert(fingerprint)), token=am.token).json()
    return Incident.objects.get(pk=answer["incidents"][0]["id"])


def test_ingest_rule_changes_apply_to_the_next_alert(am, post):
    assert opened(post, am, "f1").severity == "P0"  # the severity label: critical
    rule = rule_add(integration=am, label="job", value="backend", severity="P2")
    assert opened(post, am, "f2").severity == "P2"
    RoutingRule.objects.filter(pk=rule.pk).get().delete()  # as the admin's inline does
    assert opened(post, am, "f3").severity == "P0"
    rule = rule_add(integration=am, label="job", value="backend", severity="P3")
    assert opened(post, am, "f4").severity == "P3"
    rule_delete(rule=rule)
    integration_update(integration=am, default_severity="P1", severity_map={})
    assert opened(post, am, "f5").severity == "P1"


def test_ingest_switch_and_token_rotation_apply_at_once(am, post):
    assert post("alertmanager", alertmanager(), token=am.token).status_code == 202
    integration_update(integration=am, is_active=False)
    assert post("alertmanager", alertmanager(), token=am.token).status_code == 401
    integration_update(integration=am, is_active=True)
    assert post("alertmanager", alertmanager(), token=am.token).status_code == 202
    new_token = integration_rotate_token(integration=am)
    assert post("alertmanager", alertmanager(), token=am.token).status_code == 401
    assert post("alertmanager", alertmanager(), token=new_token).status_code == 202


def test_ingest_severity_policy_edits_apply_to_the_next_incident(am, post):
    from incidents.models import SeverityPolicy

    policy = SeverityPolicy.objects.get(severity="P0")
    assert opened(post, am, "f1").acknowledge_minutes == policy.acknowledge_minutes
    policy.acknowledge_minutes += 7
    policy.save()
    assert opened(post, am, "f2").acknowledge_minutes == policy.acknowledge_minutes


def test_ingest_repeat_with_a_rotated_token_writes_nothing(am, post):
    from alerts.models import AlertGroup

    first = opened(post, am, "f1")  # the process now keeps this integration
    integration_rotate_token(integration=am)
    refused = post("alertmanager", alertmanager(am_alert("f1")), token=am.token)
    assert refused.status_code == 401
    assert AlertGroup.objects.get(incident=first).count == 1  # the repeat was not counted
    assert not first.timeline.filter(kind="alert_repeated").exists()


def test_ingest_kept_setup_still_answers_every_check_in_order(am, post):
    opened(post, am, "f1")  # kept from here on
    assert post("alertmanager", {"version": "4"}, token=am.token).status_code == 400
    resolved = alertmanager(am_alert("f1", status="resolved"))
    assert post("alertmanager", resolved, token=am.token).status_code == 202
    integration_update(integration=am, is_active=False)
    assert post("alertmanager", {"version": "4"}, token=am.token).status_code == 401
