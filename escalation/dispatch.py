"""Ask for a sweep now, instead of at the next beat (settings.DEADLINE_DUE_NOW_HOOKS).

Sent by name, like the beat's own entry: a lost message only means the next beat fires
the deadline (the database is the truth).

A burst (an alert storm opening an incident per alert) would send one message each, and a
message costs far more than the write that asked for it. With Redis, the first ask in a
COALESCE_S window is sent at once, and the first ask after it during that window sends
one sweep for the window's end: every write made in the window is swept, at most that
much later, with two messages instead of hundreds. The process that sent the latter asks
nobody until it has run, nor does a process that found both asks taken, until the trailing
sweep runs."""

import logging
import time
from functools import cache
from typing import Any

import redis
from celery import current_app
from django.conf import settings

logger = logging.getLogger(__name__)

SWEEP = "escalation.tasks.sweep"
EXPIRES_S = 10.0  # a sweep that waited longer is pointless: the beat ran meanwhile
COALESCE_S = 0.1
_LEADING, _TRAILING = "escalation:sweep-soon", "escalation:sweep-soon:trailing"


# One round trip: take the window's leading ask, else its trailing one, else say how long
# until the trailing sweep (already asked for) runs.
_ASK = """
if redis.call('SET', KEYS[1], 1, 'NX', 'PX', ARGV[1]) then return -1 end
if redis.call('SET', KEYS[2], 1, 'NX', 'PX', ARGV[1]) then return -2 end
return redis.call('PTTL', KEYS[2])
"""
_NOW, _AT_WINDOW_END = -1, -2


@cache
def _ask_script(url: str) -> Any:
    client = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
    return client.register_script(_ASK)


def _window_ask() -> int:
    """_NOW, _AT_WINDOW_END, or the ms until the window's trailing sweep; _NOW also when
    Redis cannot say."""
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return _NOW
    ttl_ms = int(COALESCE_S * 1000)
    try:
        return int(_ask_script(url)(keys=[_LEADING, _TRAILING], args=[ttl_ms]))
    except (redis.RedisError, OSError):
        return _NOW


_covered_until = 0.0  # monotonic: until then, a sweep already asked for is still ahead


def sweep_soon() -> None:
    global _covered_until
    now = time.monotonic()
    if now < _covered_until:
        return
    answer = _window_ask()
    if answer >= 0:  # both asks taken: the trailing sweep runs in `answer` ms, after this commit
        _covered_until = now + answer / 1000
        return
    countdown = None
    if answer == _AT_WINDOW_END:
        countdown = COALESCE_S
        _covered_until = now + COALESCE_S
    try:
        current_app.send_task(SWEEP, expires=EXPIRES_S, countdown=countdown)
    except Exception:
        logger.exception("Could not ask for a sweep now; the next beat fires the deadline.")
