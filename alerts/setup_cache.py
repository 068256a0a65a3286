"""The integration a token names, with its routing rules, kept in memory per process.

Every delivery reads the token's row from the database with the row versions of the
integration and each of its rules (xmin and ctid, which every insert, update and delete
changes, however it was made: a page, the admin, a cascade, a shell), so a rotated token,
a switched-off integration or an edited rule applies to the very next alert; the
integration and its rules are read again only when those versions moved."""

from dataclasses import dataclass

from django.db import connection

from bulkcopy import execute_prepared

from .models import Integration, RoutingRule

_TOKEN_SQL = f"""
SELECT i.id, i.xmin::text || i.ctid::text || ':' || COALESCE((
           SELECT string_agg(r.id::text || r.xmin::text || r.ctid::text, ',' ORDER BY r.id)
             FROM {RoutingRule._meta.db_table} r WHERE r.integration_id = i.id), '')
  FROM {Integration._meta.db_table} i
 WHERE i.token_hash = %s AND i.kind = %s
"""  # noqa: S608


@dataclass(frozen=True)
class Setup:
    integration: Integration
    rules: list[RoutingRule]


_kept: dict[str, tuple[str, Setup]] = {}  # by token hash: (versions, setup)


def setup_for(token_digest: str, kind: str) -> Setup | None:
    """The integration of this token hash and kind with its rules, or None."""
    if connection.vendor != "postgresql":  # no row versions to check: read them each time
        return _read(Integration.objects.filter(token_hash=token_digest, kind=kind).first())
    row = execute_prepared(_TOKEN_SQL, [token_digest, kind])  # every delivery asks
    if row is None:
        return None
    kept = _kept.get(token_digest)
    if kept is not None and kept[0] == row[1]:
        return kept[1]
    setup = _read(Integration.objects.filter(pk=row[0]).first())
    if setup is not None:
        _kept[token_digest] = (row[1], setup)
    return setup


def _read(integration: Integration | None) -> Setup | None:
    if integration is None:
        return None
    return Setup(integration, list(integration.rules.select_related("scenario")))
