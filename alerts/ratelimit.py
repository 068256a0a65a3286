"""Per-integration request limit in Redis (fixed one-minute windows). When Redis is not
configured or does not answer, traffic goes through and the log says so (once a minute).

A process takes its allowance from Redis in small leases, LEASE_SHARE of the limit at a
time (at least one request), and spends a lease locally: a busy intake asks Redis once per
lease instead of once per request. The window's count in Redis is what the leases took,
so the limit is never exceeded; at most one unspent lease per process is lost at the end
of a window, 1/LEASE_SHARE of the limit each."""

import logging
import time
from functools import cache

import redis
from django.conf import settings

log = logging.getLogger(__name__)
LEASE_SHARE = 0.01
_last_warning = 0.0
_leases: dict[tuple[int, int], tuple[int, int]] = {}  # (integration, limit): (window, left)


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)


def _warn(message: str, *args: object) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= 60:
        _last_warning = now
        log.warning(message, *args)


def forget_leases() -> None:
    """Drop this process's unspent leases (the windows were reset in Redis)."""
    _leases.clear()


def allow(integration_id: int, per_minute: int) -> tuple[bool, int]:
    """(allowed, seconds until the window ends)."""
    url = getattr(settings, "ALERTS_RATE_LIMIT_REDIS_URL", "") or settings.REDIS_URL
    now = time.time()
    window = int(now // 60)
    retry_after = 60 - int(now % 60)
    if not url:
        _warn("alert rate limit off: no REDIS_URL, letting every request through")
        return True, retry_after
    held = _leases.get((integration_id, per_minute))
    if held is not None and held[0] == window and held[1] > 0:
        _leases[(integration_id, per_minute)] = (window, held[1] - 1)
        return True, retry_after
    lease = max(1, int(per_minute * LEASE_SHARE))
    key = f"alerts:rate:{integration_id}:{window}"
    try:
        pipe = _client(url).pipeline()
        pipe.incrby(key, lease)
        pipe.expire(key, 120)
        taken = int(pipe.execute()[0])
    except (redis.RedisError, OSError) as exc:
        _warn(
            "alert rate limit off: Redis unavailable (%s), letting traffic through",
            type(exc).__name__,
        )
        return True, retry_after
    granted = min(lease, per_minute - (taken - lease))  # the part of the lease under the limit
    if granted <= 0:
        return False, retry_after
    _leases[(integration_id, per_minute)] = (window, granted - 1)
    return True, retry_after
