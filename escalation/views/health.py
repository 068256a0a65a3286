"""GET /health: for whatever watches us from outside (no login, JSON, 200 or 503)."""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from ..heartbeat import last_sweep_age_seconds, stale_after_seconds, sweep_is_stale

logger = logging.getLogger(__name__)
BROKER_TIMEOUT_S = 2


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # what is down is the answer, not a 500
        logger.warning("health: database check failed: %s", exc)
        return "down"
    return "ok"


def _broker() -> str:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=BROKER_TIMEOUT_S,
            transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_S)
            conn.default_channel  # noqa: B018  (opens a channel: the broker really answers)
    except Exception as exc:
        logger.warning("health: broker check failed: %s", exc)
        return "down"
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = _database()
    broker = _broker()
    age = last_sweep_age_seconds() if database == "ok" else None
    stale = sweep_is_stale(age)
    healthy = database == "ok" and broker == "ok" and not stale
    body = {
        "database": database,
        "broker": broker,
        "last_sweep_age_s": None if age is None else round(age, 1),
        "sweep_stale_after_s": stale_after_seconds(),
        "status": "ok" if healthy else "degraded",
    }
    return JsonResponse(body, status=200 if healthy else 503)
