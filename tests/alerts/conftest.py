import json

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit windows live in Redis and outlive the test database: start each test empty."""
    from alerts.ratelimit import forget_leases

    forget_leases()
    url = getattr(settings, "ALERTS_RATE_LIMIT_REDIS_URL", "")
    if url:
        import redis

        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter("alerts:rate:*"))
        if keys:
            client.delete(*keys)


@pytest.fixture
def make_integration(defaults):
    from alerts.services.integrations import integration_create

    def _make(kind="alertmanager", name=None, **fields):
        integration, token = integration_create(name=name or f"{kind}-prod", kind=kind)
        for key, value in fields.items():
            setattr(integration, key, value)
        if fields:
            integration.save()
        integration.token = token  # for the test only; never stored
        return integration

    return _make


@pytest.fixture
def am(make_integration):
    return make_integration("alertmanager")


PATHS = {
    "alertmanager": "/api/v1/alerts/alertmanager",
    "grafana": "/api/v1/alerts/grafana",
    "events": "/api/v1/events",
}


@pytest.fixture
def post(client):
    """post(kind, body, token=..., content_type=..., headers=...) -> response."""

    def _post(kind, body, token=None, content_type="application/json", headers=None, raw=None):
        extra = dict(headers or {})
        if token:
            extra["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else json.dumps(body)
        return client.post(PATHS[kind], data=data, content_type=content_type, headers=extra)

    return _post


@pytest.fixture
def on_call(defaults):
    """A First Responder on call, so a declared incident has someone to page."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from escalation.models import OnCallShift
    from incidents.models import Profile, Role

    user = get_user_model().objects.create_user("oncall", first_name="On", last_name="Call")
    Profile.objects.create(user=user, slack_handle="@oncall", phone="+5511990000000")
    OnCallShift.objects.create(
        role=Role.objects.get(key="first_responder"),
        user=user,
        starts_at=timezone.now() - timedelta(days=1),
    )
    return user


@pytest.fixture
def imported_scenarios(db):
    from io import StringIO
    from pathlib import Path

    playbook = Path(settings.BASE_DIR) / "runbooks/defaults/playbook.pt-BR.md"
    call_command("import_playbook", str(playbook), stdout=StringIO())
