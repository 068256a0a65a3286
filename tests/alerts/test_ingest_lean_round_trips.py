"""What a busy intake spares and what it still guarantees: the rate limit taken from Redis
in leases stays exact across processes, and a connection's health check is spared only
while it is busy (a dropped connection that sat idle is still found and replaced)."""

import psycopg
import pytest
import time_machine
from django.conf import settings
from django.db import OperationalError, connection

from alerts import ratelimit

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="the rate limit lives in Redis")
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the spared health check is PostgreSQL's backend"
)


@needs_redis
@time_machine.travel("2026-12-04 15:00:05 +0000", tick=False)
def test_ingest_rate_limit_leases_never_let_more_than_the_limit_through(monkeypatch):
    processes = [{}, {}, {}]  # three gunicorn workers, each with its own leases
    allowed = 0
    for n in range(1500):
        monkeypatch.setattr(ratelimit, "_leases", processes[n % 3])
        allowed += ratelimit.allow(integration_id=987654, per_minute=1000)[0]
    # Never over the limit; short of it by at most one unspent lease (10) per process.
    assert 1000 - 3 * 10 <= allowed <= 1000


@needs_redis
def test_ingest_rate_limit_small_limits_are_counted_one_by_one():
    with time_machine.travel("2026-12-04 15:00:05 +0000", tick=False):
        results = [ratelimit.allow(integration_id=987655, per_minute=5)[0] for _ in range(7)]
    assert results == [True] * 5 + [False] * 2
    with time_machine.travel("2026-12-04 15:01:01 +0000", tick=False):  # the next window
        assert ratelimit.allow(integration_id=987655, per_minute=5)[0]


def _kill_server_side(backend_pid: int) -> None:
    url = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=url["NAME"], user=url["USER"], host=url["HOST"], port=url["PORT"] or 5432,
        password=url["PASSWORD"] or None, autocommit=True,
    ) as admin:  # fmt: skip
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", [backend_pid])  # waits for it


def _serve_one_request() -> int:
    """What Django does around a request: check the connection, one query, check again."""
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    connection.close_if_unusable_or_obsolete()
    return pid


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ingest_idle_connection_is_still_health_checked_and_replaced(monkeypatch):
    from config.postgres import base

    first = _serve_one_request()
    _kill_server_side(first)
    monkeypatch.setattr(base, "HEALTH_CHECK_TRUST_S", 0.0)  # as if it had sat idle
    second = _serve_one_request()  # no error: the check found it dead and reconnected
    assert second != first


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ingest_busy_connection_skips_the_check_and_a_failure_costs_one_request(monkeypatch):
    from config.postgres import base

    monkeypatch.setattr(base, "HEALTH_CHECK_TRUST_S", 60.0)  # however slow this machine is
    first = _serve_one_request()
    _kill_server_side(first)
    connection.close_if_unusable_or_obsolete()
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # taken as healthy: it served a request a moment ago
    connection.close_if_unusable_or_obsolete()  # the request's end drops the broken one
    assert _serve_one_request() != first
