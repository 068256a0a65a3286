"""The demo's service catalogue (settings.DEFAULTS_LOADERS): on a demo install the runbooks'
health checks call an endpoint this install serves itself (runbooks.views.demo), so "Run"
succeeds on a fresh `make run`. Runs before the playbook import, which keeps the entry;
a real catalogue is set in the admin. Never overwrites an edited entry."""

from django.conf import settings
from django.urls import reverse

from .models import ServiceEndpoint

DEMO_SERVICE = "backend"


def demo_base_url() -> str:
    health = reverse("runbooks:demo_health")  # ".../api/health": the base is what precedes it
    return settings.SITE_URL.rstrip("/") + health.removesuffix("api/health").rstrip("/")


def load_defaults(*, demo: bool) -> list[str]:
    if not demo:
        return []
    _entry, created = ServiceEndpoint.objects.get_or_create(
        name=DEMO_SERVICE,
        defaults={"base_url": demo_base_url(), "description": "demo: served by this install"},
    )
    if not created:
        return []
    return [
        f"Demo service catalogue: {DEMO_SERVICE} -> {demo_base_url()} (set yours in the admin)."
    ]
