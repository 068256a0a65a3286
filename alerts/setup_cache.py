"""The integration a token names, with its routing rules, kept in memory per process.

What a delivery writes is checked against the row versions of the integration and each of
its rules (xmin and ctid, which every insert, update and delete changes, however it was
made: a page, the admin, a cascade, a shell), so a rotated token, a switched-off
integration or an edited rule applies to the very next alert. Either the token's row is
read with those versions first, or (`kept`, the busy case) the write itself carries them:
GUARD_SQL, in the same statement, and when they moved the statement writes nothing and
the delivery is answered again after a fresh read (StaleSetup)."""

from dataclasses import dataclass

from django.db import connection

from bulkcopy import execute_prepared

from .models import Integration, RoutingRule

_VERSIONS = f"""i.xmin::text || i.ctid::text || ':' || COALESCE((
           SELECT string_agg(r.id::text || r.xmin::text || r.ctid::text, ',' ORDER BY r.id)
             FROM {RoutingRule._meta.db_table} r WHERE r.integration_id = i.id), '')"""  # noqa: S608
_TOKEN_SQL = f"""
SELECT i.id, {_VERSIONS}
  FROM {Integration._meta.db_table} i
 WHERE i.token_hash = %s AND i.kind = %s
"""  # noqa: S608

# A row when the integration is as kept, or when the caller keeps nothing to compare.
GUARD_SQL = f"""SELECT 1 WHERE %(versions)s::text IS NULL
UNION ALL
SELECT 1 FROM {Integration._meta.db_table} i
 WHERE %(versions)s::text IS NOT NULL AND i.id = %(integration)s
   AND i.token_hash = %(digest)s AND {_VERSIONS} = %(versions)s"""  # noqa: S608


class StaleSetup(Exception):
    """The integration or its rules changed since they were kept: nothing was written."""


@dataclass(frozen=True)
class Guard:
    """What a write compares with GUARD_SQL: the token hash and the versions kept."""

    digest: str
    versions: str


@dataclass(frozen=True)
class Setup:
    integration: Integration
    rules: list[RoutingRule]
    guard: Guard | None = None  # None off PostgreSQL


_kept: dict[str, tuple[str, Setup]] = {}  # by token hash: (versions, setup)


def kept(token_digest: str, kind: str) -> Setup | None:
    """The setup kept in this process for this token hash and kind, unchecked (None when
    none is kept): what it writes must carry its guard."""
    entry = _kept.get(token_digest)
    if entry is None or entry[1].integration.kind != kind:
        return None
    return entry[1]


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
    setup = _read(Integration.objects.filter(pk=row[0]).first(), Guard(token_digest, row[1]))
    if setup is not None:
        _kept[token_digest] = (row[1], setup)
    return setup


def _read(integration: Integration | None, guard: Guard | None = None) -> Setup | None:
    if integration is None:
        return None
    return Setup(integration, list(integration.rules.select_related("scenario")), guard)
