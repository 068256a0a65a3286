"""Ask for a sweep now, instead of at the next beat (settings.DEADLINE_DUE_NOW_HOOKS).

Sent by name, like the beat's own entry: a lost message only means the next beat fires
the deadline (the database is the truth).

A burst (an alert storm opening an incident per alert) would send one message each, and a
message costs far more than the write that asked for it. With Redis, the first ask in a
COALESCE_S window is sent at once, and the first ask after it during that window sends
one sweep for the window's end: every write made in the window is swept, at most that
much later, with two messages instead of hundreds. The process that sent the latter asks
nobody until it has run."""

import logging
import time
from functools import cache

import redis
from celery import current_app
from django.conf import settings

logger = logging.getLogger(__name__)

SWEEP = "escalation.tasks.sweep"
EXPIRES_S = 10.0  # a sweep that waited longer is pointless: the beat ran meanwhile
COALESCE_S = 0.1
_LEADING, _TRAILING = "escalation:sweep-soon", "escalation:sweep-soon:trailing"


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)


def _window_taken(key: str) -> bool:
    """True when an ask already covers this window; False also when Redis cannot say."""
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return False
    try:
        return not _client(url).set(key, 1, nx=True, px=int(COALESCE_S * 1000))
    except (redis.RedisError, OSError):
        return False


_covered_until = 0.0  # monotonic: until then, a sweep this process asked for is still ahead


def sweep_soon() -> None:
    global _covered_until
    now = time.monotonic()
    if now < _covered_until:
        return
    countdown = None
    if _window_taken(_LEADING):
        if _window_taken(_TRAILING):
            return
        countdown = COALESCE_S
        _covered_until = now + COALESCE_S
    try:
        current_app.send_task(SWEEP, expires=EXPIRES_S, countdown=countdown)
    except Exception:
        logger.exception("Could not ask for a sweep now; the next beat fires the deadline.")
