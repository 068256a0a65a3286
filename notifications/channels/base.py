"""What every adapter returns, and the one way we POST to a provider."""

import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

from ..devinbox import active

logger = logging.getLogger(__name__)

# Statuses worth trying again; any other 4xx means the request itself is wrong.
RETRYABLE_STATUSES = {408, 425, 429}


@dataclass(frozen=True)
class SendResult:
    ok: bool
    permanent: bool = False
    error: str = ""
    http_status: int | None = None
    duration_ms: int | None = None

    @classmethod
    def success(
        cls, http_status: int | None = None, duration_ms: int | None = None
    ) -> "SendResult":
        return cls(ok=True, http_status=http_status, duration_ms=duration_ms)

    @classmethod
    def failure(
        cls,
        error: str,
        *,
        permanent: bool = False,
        http_status: int | None = None,
        duration_ms: int | None = None,
    ) -> "SendResult":
        return cls(
            ok=False,
            permanent=permanent,
            error=error[:500],
            http_status=http_status,
            duration_ms=duration_ms,
        )


def http_timeout() -> httpx.Timeout:
    connect = float(settings.NOTIFICATION_HTTP_CONNECT_TIMEOUT)
    read = float(settings.NOTIFICATION_HTTP_READ_TIMEOUT)
    return httpx.Timeout(read, connect=connect, read=read, write=read, pool=connect)


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def post_json(url: str, payload: dict[str, Any], *, token: str = "") -> SendResult:
    """POST JSON to a configured provider URL. Errors never include the URL or the token."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    timeout = http_timeout()
    started = time.monotonic()
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = client.post(url, json=payload, headers=headers)
    except httpx.TimeoutException as exc:
        kind = "connect" if isinstance(exc, httpx.ConnectTimeout) else "read"
        limit = timeout.connect if kind == "connect" else timeout.read
        return SendResult.failure(
            f"timeout ({kind} after {limit:g} s)", duration_ms=_elapsed_ms(started)
        )
    except httpx.HTTPError as exc:
        return SendResult.failure(
            f"connection failed ({type(exc).__name__})", duration_ms=_elapsed_ms(started)
        )
    duration = _elapsed_ms(started)
    status = response.status_code
    if 200 <= status < 300:
        return SendResult.success(http_status=status, duration_ms=duration)
    permanent = 400 <= status < 500 and status not in RETRYABLE_STATUSES
    detail = " ".join(response.text[:120].split())
    for secret in (token, url):
        if secret:
            detail = detail.replace(secret, "***")
    error = f"HTTP {status}" + (f": {detail}" if detail else "")
    return SendResult.failure(error, permanent=permanent, http_status=status, duration_ms=duration)


def not_configured(setting_name: str) -> SendResult:
    """An empty provider setting: the channel fails at once, except on a DEBUG install,
    where the message lands in the development inbox (notifications.devinbox)."""
    if active():
        return SendResult.success()
    return SendResult.failure(f"not configured ({setting_name} is empty)", permanent=True)


def no_address(what: str) -> SendResult:
    return SendResult.failure(f"no {what} to send to", permanent=True)
