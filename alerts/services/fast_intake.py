"""The two hot paths of alert intake on PostgreSQL, one statement each, so a delivery is
answered in milliseconds (Alertmanager gives up on slow receivers):

- a repeat: count it, refresh the alert, and put it on the timeline when due;
- a new key: the group, the incident (declared in two steps: the sweep adds its clocks,
  checklist and first page a moment later), the alert and the timeline, all or nothing.

Each returns None when it does not apply (no open incident for the key; the key taken by
a concurrent delivery, or no severity policy); the caller then tries the other, and last
the portable path in intake.py, which handles every case."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model

from bulkcopy import execute_prepared, insert_many_sql
from incidents.models import (
    OPEN_STATUSES,
    Incident,
    IncidentSource,
    SeverityPolicy,
    TimelineEvent,
)
from incidents.services import incident_declare_rows

from .. import events
from ..models import Alert, AlertGroup, Integration
from ..payloads import AlertIn
from ..routing import Route
from ..setup_cache import GUARD_SQL, Guard, StaleSetup

_GROUPS = AlertGroup._meta.db_table
_ALERTS = Alert._meta.db_table
_INCIDENTS = Incident._meta.db_table
_TIMELINE = TimelineEvent._meta.db_table
_POLICIES = SeverityPolicy._meta.db_table
_POLICY_FIELDS = [f.attname for f in SeverityPolicy._meta.concrete_fields]
_NEXT = "nextval(pg_get_serial_sequence('%s', 'id'))"

# An alert seen again: what it says now, keeping its title and start when it omits them.
# Unchanged, it is rewritten at most once a `due` period (received_at to the minute, as the
# timeline): every rewrite is a new row version in all the table's indexes (alert_recent
# holds received_at), and a storm or an HA pair repeats the same alert many times a second.
ALERT_REFRESH = f"""ON CONFLICT (group_id, fingerprint) DO UPDATE
       SET status = EXCLUDED.status, labels = EXCLUDED.labels,
           annotations = EXCLUDED.annotations, links = EXCLUDED.links,
           ends_at = EXCLUDED.ends_at, received_at = EXCLUDED.received_at,
           title = CASE WHEN EXCLUDED.title <> '' THEN EXCLUDED.title ELSE {_ALERTS}.title END,
           starts_at = COALESCE(EXCLUDED.starts_at, {_ALERTS}.starts_at)
     WHERE {_ALERTS}.received_at <= %(due)s
        OR ({_ALERTS}.status, {_ALERTS}.labels, {_ALERTS}.annotations, {_ALERTS}.links,
            {_ALERTS}.ends_at) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.labels,
            EXCLUDED.annotations, EXCLUDED.links, EXCLUDED.ends_at)
        OR (EXCLUDED.title <> '' AND EXCLUDED.title <> {_ALERTS}.title)
        OR EXCLUDED.starts_at <> {_ALERTS}.starts_at
        OR ({_ALERTS}.starts_at IS NULL AND EXCLUDED.starts_at IS NOT NULL)"""

_REPEAT_SQL = f"""
WITH ok AS ({GUARD_SQL}
), g AS (
    UPDATE {_GROUPS}
       SET count = count + 1, last_seen_at = %(now)s, alerts_resolved_at = NULL,
           timeline_at = CASE WHEN timeline_at IS NULL OR timeline_at <= %(due)s THEN %(now)s
                              ELSE timeline_at END
     WHERE integration_id = %(integration)s AND dedup_key = %(key)s AND is_open
       AND incident_id IN (SELECT id FROM {_INCIDENTS} WHERE status = ANY(%(open)s))
       AND EXISTS (SELECT 1 FROM ok)
    RETURNING id, incident_id, count, timeline_at = %(now)s AS due
), a AS (
    INSERT INTO {_ALERTS} (group_id, integration_id, fingerprint, status, title, labels,
                           annotations, links, starts_at, ends_at, received_at)
    SELECT g.id, %(integration)s, %(fingerprint)s, %(status)s, %(title)s, %(labels)s,
           %(annotations)s, %(links)s, %(starts_at)s, %(ends_at)s, %(now)s FROM g
    {ALERT_REFRESH}
    RETURNING xmax = 0 AS inserted
), t AS (
    INSERT INTO {_TIMELINE} (incident_id, kind, actor_id, created_at, data)
    SELECT g.incident_id, CASE WHEN a.inserted THEN %(added)s ELSE %(repeated)s END, NULL,
           %(now)s, jsonb_build_object('fingerprint', %(fingerprint)s::text,
                                       'title', %(title)s::text, 'count', g.count)
      FROM g LEFT JOIN a ON true WHERE a.inserted OR g.due  -- no `a`: left as it was
)
SELECT g.incident_id, NULL, NULL, NULL, NULL FROM g
UNION ALL  -- no open incident for the key: ids for the one to open, in the same trip
SELECT NULL, {_NEXT % _INCIDENTS}, {_NEXT % _GROUPS}, {_NEXT % _TIMELINE}, {_NEXT % _TIMELINE}
 WHERE NOT EXISTS (SELECT 1 FROM g) AND EXISTS (SELECT 1 FROM ok)
"""  # no row at all: the guard failed


def _json(value: Any) -> Any:
    return connection.ops.adapt_json_value(value, None)


@dataclass(frozen=True)
class NewIds:
    """Ids for an incident to open: its own, its group's, its two first timeline entries."""

    incident: int
    group: int
    declared: int
    opened: int


def repeat(
    integration: Integration,
    key: str,
    alert: AlertIn,
    now: datetime,
    every: Any,
    guard: Guard | None = None,
) -> int | NewIds:
    """A repeat firing of an open incident's key: its id. When the key has no open
    incident, nothing is written and the ids to open one come back instead. With a
    `guard`, only if the integration is as it says (else StaleSetup, nothing written)."""
    params = {
        "digest": guard.digest if guard else None,
        "versions": guard.versions if guard else None,
        "now": now,
        "due": now - every,
        "integration": integration.pk,
        "key": key,
        "open": list(OPEN_STATUSES),
        "fingerprint": alert.fingerprint,
        "status": alert.action,
        "title": alert.title,
        "labels": _json(alert.labels),
        "annotations": _json(alert.annotations),
        "links": _json(alert.links),
        "starts_at": alert.starts_at,
        "ends_at": alert.ends_at,
        "added": events.ALERT_ADDED,
        "repeated": events.ALERT_REPEATED,
    }
    row = execute_prepared(_REPEAT_SQL, params)
    if row is None:
        raise StaleSetup
    if row[0] is not None:
        return int(row[0])
    return NewIds(*row[1:])


# Severity policies, kept per process with their row version (xmin and ctid, which every
# UPDATE changes): opening an incident checks the version in the same statement.
_policies: dict[str, tuple[str, SeverityPolicy]] = {}
_POLICY_SQL = (
    f"SELECT xmin::text || ctid::text, {', '.join(_POLICY_FIELDS)} FROM {_POLICIES} "  # noqa: S608
    "WHERE severity = %s"
)


_POLICY_AS_KEPT = (
    f"EXISTS (SELECT 1 FROM {_POLICIES} p WHERE p.severity = v._severity "
    "AND p.xmin::text || p.ctid::text = v._version)"
)
_UNLESS_KEY_TAKEN = "ON CONFLICT (integration_id, dedup_key) WHERE is_open DO NOTHING RETURNING id"


def policy_kept(severity: str, *, fresh: bool = False) -> tuple[str, SeverityPolicy] | None:
    kept = None if fresh else _policies.get(severity)
    if kept is None:
        with connection.cursor() as cursor:
            cursor.execute(_POLICY_SQL, [severity])
            row = cursor.fetchone()
        if row is None:
            _policies.pop(severity, None)
            return None
        kept = (row[0], SeverityPolicy.from_db(connection.alias, _POLICY_FIELDS, row[1:]))
        _policies[severity] = kept
    return kept


def open_incident(
    integration: Integration, chosen: Route, key: str, alert: AlertIn, ids: NewIds, now: datetime
) -> int | None:
    """Open the key's group and incident with `ids`: the incident's id, or None when the key
    is taken (a concurrent delivery) or there is no policy for the severity."""
    for fresh in (False, True):
        kept = policy_kept(chosen.severity, fresh=fresh)
        if kept is None:
            return None
        version, policy = kept
        group, rows = rows_for(integration, chosen, key, alert, ids, now, policy)
        if _insert_all(group, rows, policy.severity, version):
            return ids.incident
        if policy_kept(chosen.severity, fresh=True) == kept:
            return None  # the policy is as kept: the key was taken
    return None


def rows_for(
    integration: Integration,
    chosen: Route,
    key: str,
    alert: AlertIn,
    ids: NewIds,
    now: datetime,
    policy: SeverityPolicy,
) -> tuple[AlertGroup, list[Model]]:
    """The group and every row an alert that opens an incident writes, unsaved, ids set."""
    incident, declared, finish = incident_declare_rows(
        incident_id=ids.incident,
        title=alert.title or f"Alert from {integration.name}",
        policy=policy,
        by=None,
        now=now,
        description=alert.description,
        source=IncidentSource.MONITORING,
        extra={"scenario": chosen.scenario.pk} if chosen.scenario is not None else {},
        detected_at=alert.starts_at,
    )
    declared.pk = ids.declared
    group = AlertGroup(
        pk=ids.group,
        integration=integration,
        dedup_key=key,
        incident_id=ids.incident,
        first_seen_at=now,
        last_seen_at=now,
        service=chosen.service,
        routed_by_rule=chosen.rule is not None,
        no_scenario=chosen.scenario is None,
    )
    stored = Alert(
        group_id=ids.group,
        integration=integration,
        fingerprint=alert.fingerprint,
        status=alert.action,
        title=alert.title,
        labels=alert.labels,
        annotations=alert.annotations,
        links=alert.links,
        starts_at=alert.starts_at,
        ends_at=alert.ends_at,
        received_at=now,
    )
    opened = TimelineEvent(
        pk=ids.opened,
        incident_id=ids.incident,
        kind=events.ALERT_OPENED,
        created_at=now,
        data={
            "integration": integration.name,
            "kind": integration.kind,
            "dedup_key": key,
            "previous": None,
            "rule": str(chosen.rule) if chosen.rule else "",
            "service": chosen.service,
            "no_scenario": chosen.scenario is None,
        },
    )
    return group, [incident, declared, opened, finish, stored]


def _insert_all(group: AlertGroup, rows: list[Model], severity: str, version: str) -> bool:
    return group.pk in insert_opened([group], [rows], [severity], [version])


def insert_opened(
    groups: list[AlertGroup], tables: list[list[Model]], severities: list[str], versions: list[str]
) -> set[int]:
    """Write each group with its rows (tables[i]: the rows of groups[i], the same models in
    the same order for every group) in one statement; the ids of the groups written. A
    group goes in only if its severity's policy is still at the version its incident
    copies and no open group has its key; every other row only if its group went in."""
    gate_sql, params = insert_many_sql(
        groups,
        connection,
        extra={"_severity": ("text", severities), "_version": ("text", versions)},
        where=_POLICY_AS_KEPT,
    )
    parts = [f"gate AS ({gate_sql} {_UNLESS_KEY_TAKEN})"]
    gate_ids = [group.pk for group in groups]
    for n, same_table in enumerate(zip(*tables, strict=True)):
        sql, row_params = insert_many_sql(
            list(same_table),
            connection,
            extra={"_gate": ("bigint", gate_ids)},
            where="v._gate IN (SELECT id FROM gate)",
        )
        parts.append(f"r{n} AS ({sql})")
        params += row_params
    opened = execute_prepared(f"WITH {', '.join(parts)} SELECT id FROM gate", params, many=True)
    return {row[0] for row in opened}
