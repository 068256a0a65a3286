"""The README's examples work as written: the Events v2 curl body, the Alertmanager and
Grafana URLs."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve

pytestmark = pytest.mark.django_db

README = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Alerts from monitoring", 1)[1].split("\n## ", 1)[0]


def test_ingest_readme_urls_resolve_to_the_endpoints():
    urls = re.findall(r"http://localhost:8000(/api/v1/[a-z/]+)", SECTION)
    assert set(urls) == {"/api/v1/alerts/alertmanager", "/api/v1/alerts/grafana", "/api/v1/events"}
    for url in urls:
        assert resolve(url).app_name == "alerts"


def test_ingest_readme_events_curl_works(make_integration, post):
    ev = make_integration("events")
    body = json.loads(re.search(r"-d '(\{.*\})'", SECTION).group(1))
    response = post("events", body, token=ev.token)
    assert response.status_code == 202
    assert response.json()["incidents"][0]["action"] == "created"
