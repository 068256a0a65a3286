"""An alert storm opens many incidents a second; each asks for a sweep. With Redis the asks
of a 100 ms window become two messages: one at once, one for the window's end."""

import json

import pytest
import redis
from django.conf import settings

from escalation import dispatch

pytestmark = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis") or not settings.REDIS_URL,
    reason="coalescing needs Redis (REDIS_URL) and a Redis broker",
)


def queued(client):
    return {key: client.llen(key) for key in client.scan_iter() if client.type(key) == b"list"}


def test_ingest_storm_asks_for_two_sweeps_not_fifty(monkeypatch):
    monkeypatch.setattr(dispatch, "COALESCE_S", 5.0)  # one window, however slow this machine
    monkeypatch.setattr(dispatch, "_covered_until", 0.0)  # restored after the test
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    cache = redis.Redis.from_url(settings.REDIS_URL)
    cache.delete(dispatch._LEADING, dispatch._TRAILING)
    before = queued(broker)
    for _ in range(50):
        dispatch.sweep_soon()
    after = queued(broker)
    added = {key: after[key] - before.get(key, 0) for key in after}
    try:
        assert sum(added.values()) == 2
        [queue] = [key for key, count in added.items() if count]
        messages = [json.loads(m) for m in broker.lrange(queue, 0, 1)]
        etas = sorted(m["headers"].get("eta") is not None for m in messages)
        assert etas == [False, True]  # one sweep now, one at the window's end
        # A new window asks at once again.
        cache.delete(dispatch._LEADING, dispatch._TRAILING)
        monkeypatch.setattr(dispatch, "_covered_until", 0.0)
        dispatch.sweep_soon()
        assert queued(broker)[queue] == after[queue] + 1
    finally:
        for key, count in queued(broker).items():
            extra = count - before.get(key, 0)
            if extra > 0:
                broker.lpop(key, extra)  # newest at the left: leave earlier tests' messages


def test_ingest_storm_process_finding_both_asks_taken_waits_for_the_trailing_sweep(monkeypatch):
    """Another process asked for this window's sweeps: this one sends nothing, and asks
    Redis nothing more until that trailing sweep has run."""
    monkeypatch.setattr(dispatch, "_covered_until", 0.0)
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    cache = redis.Redis.from_url(settings.REDIS_URL)
    cache.set(dispatch._LEADING, 1, px=5000)
    cache.set(dispatch._TRAILING, 1, px=5000)  # its sweep runs in 5 s
    before = queued(broker)
    try:
        dispatch.sweep_soon()
        cache.delete(dispatch._LEADING, dispatch._TRAILING)  # a new window, as Redis sees it
        dispatch.sweep_soon()  # still covered by the trailing sweep: not even asked
        assert queued(broker) == before
        assert not cache.exists(dispatch._LEADING)
        monkeypatch.setattr(dispatch, "_covered_until", 0.0)  # that sweep has run
        dispatch.sweep_soon()
        assert sum(queued(broker).values()) == sum(before.values()) + 1
    finally:
        cache.delete(dispatch._LEADING, dispatch._TRAILING)
        for key, count in queued(broker).items():
            extra = count - before.get(key, 0)
            if extra > 0:
                broker.lpop(key, extra)
