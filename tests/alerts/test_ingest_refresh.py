"""A repeat refreshes its alert: at once when the alert says something new, else at most
once a minute (received_at to the minute, as the timeline), so a storm of identical
repeats does not rewrite the same row many times a second. The same on both paths."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from alerts.models import Alert, AlertGroup

from .payloads import alertmanager, am_alert

pytestmark = pytest.mark.django_db

OPENED = datetime(2026, 3, 2, 3, 5, tzinfo=UTC)


def test_ingest_identical_repeats_refresh_the_alert_once_a_minute(am, post):
    with time_machine.travel(OPENED, tick=False) as clock:
        post("alertmanager", alertmanager(), token=am.token)
        for _ in range(3):
            clock.shift(timedelta(seconds=15))
            assert post("alertmanager", alertmanager(), token=am.token).status_code == 202
        assert Alert.objects.get().received_at == OPENED  # 45 s: not rewritten
        assert AlertGroup.objects.get().count == 4  # every repeat counted all the same
        assert AlertGroup.objects.get().last_seen_at == OPENED + timedelta(seconds=45)
        clock.shift(timedelta(seconds=16))
        post("alertmanager", alertmanager(), token=am.token)
        assert Alert.objects.get().received_at == OPENED + timedelta(seconds=61)


def test_ingest_a_repeat_that_says_something_new_is_stored_at_once(am, post, client, commander):
    with time_machine.travel(OPENED, tick=False) as clock:
        post("alertmanager", alertmanager(), token=am.token)
        clock.shift(timedelta(seconds=5))
        changed = am_alert()
        changed["annotations"]["summary"] = "Backend returns 503 on checkout only"
        post("alertmanager", alertmanager(changed), token=am.token)
        stored = Alert.objects.get()
        assert stored.annotations["summary"] == "Backend returns 503 on checkout only"
        assert stored.received_at == OPENED + timedelta(seconds=5)
        clock.shift(timedelta(seconds=5))
        relabelled = am_alert(severity="warning")
        relabelled["annotations"]["summary"] = "Backend returns 503 on checkout only"
        post("alertmanager", alertmanager(relabelled), token=am.token)
        assert Alert.objects.get().labels["severity"] == "warning"
    client.force_login(commander)
    page = client.get(f"/integrations/{am.pk}/").content.decode()
    assert "Backend returns 503 on checkout only" in page


def test_ingest_batch_repeats_follow_the_same_rule(am, post):
    first, second = am_alert("f1"), am_alert("f2", instance="b:1")
    with time_machine.travel(OPENED, tick=False) as clock:
        post("alertmanager", alertmanager(first, second), token=am.token)
        clock.shift(timedelta(seconds=20))
        second["annotations"]["summary"] = "b:1 is back to 500s"
        response = post("alertmanager", alertmanager(first, second), token=am.token)
        assert [r["action"] for r in response.json()["incidents"]] == ["appended", "appended"]
    received = dict(Alert.objects.values_list("fingerprint", "received_at"))
    assert received == {"f1": OPENED, "f2": OPENED + timedelta(seconds=20)}
    assert Alert.objects.get(fingerprint="f2").annotations["summary"] == "b:1 is back to 500s"
