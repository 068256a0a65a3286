"""Whatever JSON arrives, no endpoint answers 5xx."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .payloads import alertmanager, am_alert, event, grafana

pytestmark = pytest.mark.django_db

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = [
    "status",
    "labels",
    "annotations",
    "startsAt",
    "endsAt",
    "fingerprint",
    "generatorURL",
    "version",
    "alerts",
    "groupKey",
    "commonLabels",
    "event_action",
    "dedup_key",
    "payload",
    "summary",
    "source",
    "severity",
    "custom_details",
    "links",
    "routing_key",
    "silenceURL",
]


def _mutate(body, data):
    """Replace a few values anywhere in a real payload by arbitrary JSON."""

    def walk(node, depth=0):
        if isinstance(node, dict):
            for key in list(node):
                if data.draw(st.integers(0, 4)) == 0:
                    node[key] = data.draw(json_values)
                else:
                    walk(node[key], depth + 1)
            if data.draw(st.integers(0, 5)) == 0:
                node[data.draw(st.sampled_from(KEYS))] = data.draw(json_values)
        elif isinstance(node, list):
            for item in node:
                walk(item, depth + 1)

    walk(body)
    return body


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def tokens(make_integration):
    return {kind: make_integration(kind).token for kind in ("alertmanager", "grafana", "events")}


@SETTINGS
@given(data=st.data())
def test_ingest_fuzz_mutated_real_payloads_never_5xx(tokens, post, data):
    kind = data.draw(st.sampled_from(["alertmanager", "grafana", "events"]))
    real = {
        "alertmanager": lambda: alertmanager(am_alert(), am_alert("f2", status="resolved")),
        "grafana": grafana,
        "events": lambda: event(data.draw(st.sampled_from(["trigger", "acknowledge", "resolve"]))),
    }[kind]()
    body = _mutate(real, data)
    response = post(kind, body, token=tokens[kind])
    assert response.status_code < 500, response.content


@SETTINGS
@given(body=json_values, kind=st.sampled_from(["alertmanager", "grafana", "events"]))
def test_ingest_fuzz_any_json_never_5xx(tokens, post, body, kind):
    assert post(kind, body, token=tokens[kind]).status_code < 500


@SETTINGS
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_ingest_fuzz_any_bytes_never_5xx(tokens, post, raw):
    for kind in ("alertmanager", "events"):
        response = post(kind, None, raw=raw, token=tokens[kind])
        assert response.status_code < 500


def test_ingest_fuzz_nul_and_lone_surrogates_are_stored_safely(tokens, post):
    alert = am_alert("nul\u0000key")
    alert["labels"]["weird"] = "\ud800 and \u0000"
    raw = json.dumps(alertmanager(alert))
    assert post("alertmanager", None, raw=raw, token=tokens["alertmanager"]).status_code == 202
