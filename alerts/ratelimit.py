"""Per-integration request limit in Redis (fixed one-minute windows). When Redis is not
configured or does not answer, traffic goes through and the log says so (once a minute)."""

import logging
import time
from functools import cache

import redis
from django.conf import settings

log = logging.getLogger(__name__)
_last_warning = 0.0


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)


def _warn(message: str, *args: object) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= 60:
        _last_warning = now
        log.warning(message, *args)


def allow(integration_id: int, per_minute: int) -> tuple[bool, int]:
    """(allowed, seconds until the window ends)."""
    url = getattr(settings, "ALERTS_RATE_LIMIT_REDIS_URL", "") or settings.REDIS_URL
    window = int(time.time() // 60)
    retry_after = 60 - int(time.time() % 60)
    if not url:
        _warn("alert rate limit off: no REDIS_URL, letting every request through")
        return True, retry_after
    key = f"alerts:rate:{integration_id}:{window}"
    try:
        pipe = _client(url).pipeline()
        pipe.incr(key)
        pipe.expire(key, 120)
        count = pipe.execute()[0]
    except (redis.RedisError, OSError) as exc:
        _warn(
            "alert rate limit off: Redis unavailable (%s), letting traffic through",
            type(exc).__name__,
        )
        return True, retry_after
    return int(count) <= per_minute, retry_after
