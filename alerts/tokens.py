"""Integration tokens: random, shown once, stored as SHA-256, compared in constant time."""

import hashlib
import hmac
import secrets

# 32 hex characters, the length PagerDuty clients expect of a routing key (128 bits).
TOKEN_BYTES = 16


def new_token() -> str:
    return secrets.token_hex(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)


def bearer_token(authorization: str) -> str:
    """The token of an `Authorization: Bearer <token>` header, or ''."""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return token.strip()
