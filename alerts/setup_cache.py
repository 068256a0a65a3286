"""The integration a token names, with its routing rules, kept in memory per process.

Every delivery still reads the token's row (revision, active) from the database, so a
rotated token or a switched-off integration stops at once; the integration and its rules
are read again only when its revision moved (any save, any rule change)."""

from dataclasses import dataclass

from django.db import connection

from .models import Integration, RoutingRule

_TOKEN_SQL = (
    f"SELECT id, revision FROM {Integration._meta.db_table} "  # noqa: S608
    "WHERE token_hash = %s AND kind = %s"
)


@dataclass(frozen=True)
class Setup:
    integration: Integration
    rules: list[RoutingRule]


_kept: dict[tuple[str, int], Setup] = {}  # by (token hash, revision)


def setup_for(token_digest: str, kind: str) -> Setup | None:
    """The integration of this token hash and kind with its rules, or None."""
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [token_digest, kind])
        row = cursor.fetchone()
    if row is None:
        return None
    key = (token_digest, row[1])
    setup = _kept.get(key)
    if setup is None:
        integration = Integration.objects.select_related("default_scenario").get(pk=row[0])
        rules = list(integration.rules.select_related("scenario"))
        setup = Setup(integration, rules)
        for old in [k for k in _kept if k[0] == token_digest]:
            _kept.pop(old, None)
        _kept[key] = setup
    return setup
