"""Grafana's optional HMAC-SHA256 signature over `timestamp:body`, within a time window."""

import hashlib
import hmac
import time

WINDOW_SECONDS = 300


def sign(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b":" + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_problem(
    *, secret: str, signature: str, timestamp: str, body: bytes, now: float | None = None
) -> str:
    """'' when the signature is good; otherwise what is wrong (never the secret)."""
    if not signature or not timestamp:
        return "missing signature or timestamp"
    try:
        sent_at = float(timestamp)
    except ValueError:
        return "timestamp is not a number"
    if sent_at > 1e11:  # milliseconds
        sent_at /= 1000
    if abs((now if now is not None else time.time()) - sent_at) > WINDOW_SECONDS:
        return "timestamp outside the 5 minute window"
    expected = sign(secret, timestamp, body)
    if not hmac.compare_digest(expected, signature.strip().lower().removeprefix("sha256=")):
        return "signature does not match"
    return ""
