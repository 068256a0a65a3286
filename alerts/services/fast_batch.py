"""A delivery of many firing alerts in two statements on PostgreSQL, whatever their
number: the repeats counted together (with ids for the rest), then every new group,
incident, alert and timeline entry together (fast_intake.py does the same for one alert).

Only keys that appear once in the delivery and whose incident opens or repeats plainly
come through here; an alert this path does not settle (its key twice in the delivery, a
key taken meanwhile, a policy edited meanwhile) is left to the one-alert paths."""

from datetime import datetime, timedelta
from typing import Any

from bulkcopy import execute_prepared, json_rows
from incidents.models import OPEN_STATUSES, Incident, TimelineEvent

from .. import events
from ..models import Alert, AlertGroup, Integration
from ..payloads import AlertIn
from ..routing import Route
from .fast_intake import ALERT_REFRESH, NewIds, insert_opened, policy_kept, rows_for

_GROUPS = AlertGroup._meta.db_table
_ALERTS = Alert._meta.db_table
_INCIDENTS = Incident._meta.db_table
_TIMELINE = TimelineEvent._meta.db_table
_NEXT = "nextval(pg_get_serial_sequence('%s', 'id'))"

_REPEATS_SQL = f"""
WITH v AS (
    SELECT * FROM jsonb_to_recordset(%(rows)s::jsonb)
        AS v(key text, fingerprint text, status text, title text, labels jsonb,
             annotations jsonb, links jsonb, starts_at timestamptz, ends_at timestamptz)
), locked AS (  -- in key order, as every delivery takes them: never a lock cycle
    SELECT grp.id FROM {_GROUPS} grp  -- by key array: planned for a few keys, not 100
     WHERE grp.integration_id = %(integration)s AND grp.is_open
       AND grp.dedup_key = ANY(%(keys)s::text[])
     ORDER BY grp.dedup_key FOR UPDATE OF grp
), g AS (
    UPDATE {_GROUPS} AS grp
       SET count = grp.count + 1, last_seen_at = %(now)s, alerts_resolved_at = NULL,
           timeline_at = CASE WHEN grp.timeline_at IS NULL OR grp.timeline_at <= %(due)s
                              THEN %(now)s ELSE grp.timeline_at END
      FROM v
     WHERE grp.id IN (SELECT id FROM locked) AND grp.dedup_key = v.key
       AND EXISTS (SELECT 1 FROM {_INCIDENTS} i
                    WHERE i.id = grp.incident_id AND i.status = ANY(%(open)s))
    RETURNING grp.id, grp.incident_id, grp.count, grp.timeline_at = %(now)s AS due, v.*
), a AS (
    INSERT INTO {_ALERTS} (group_id, integration_id, fingerprint, status, title, labels,
                           annotations, links, starts_at, ends_at, received_at)
    SELECT g.id, %(integration)s, g.fingerprint, g.status, g.title, g.labels, g.annotations,
           g.links, g.starts_at, g.ends_at, %(now)s FROM g
    {ALERT_REFRESH}
    RETURNING group_id, xmax = 0 AS inserted
), t AS (
    INSERT INTO {_TIMELINE} (incident_id, kind, actor_id, created_at, data)
    SELECT g.incident_id, CASE WHEN a.inserted THEN %(added)s ELSE %(repeated)s END, NULL,
           %(now)s, jsonb_build_object('fingerprint', g.fingerprint, 'title', g.title,
                                       'count', g.count)
      FROM g LEFT JOIN a ON a.group_id = g.id WHERE a.inserted OR g.due
)
SELECT g.key, g.incident_id, NULL, NULL, NULL, NULL FROM g
UNION ALL  -- the keys with no open incident: ids for the ones to open, in the same trip
SELECT v.key, NULL, {_NEXT % _INCIDENTS}, {_NEXT % _GROUPS}, {_NEXT % _TIMELINE},
       {_NEXT % _TIMELINE}
  FROM v WHERE v.key NOT IN (SELECT key FROM g)
"""  # noqa: S608


def repeats(
    integration: Integration, items: list[tuple[str, AlertIn]], now: datetime, every: timedelta
) -> tuple[dict[str, int], dict[str, NewIds]]:
    """Count the repeats among `items` (key, alert; each key once): incident id by key, and
    for every other key the ids to open its incident with."""
    rows = [
        {
            "key": key,
            "fingerprint": a.fingerprint,
            "status": a.action,
            "title": a.title,
            "labels": a.labels,
            "annotations": a.annotations,
            "links": a.links,
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
        }
        for key, a in items
    ]
    params: dict[str, Any] = {
        "rows": json_rows(rows),
        "keys": [key for key, _alert in items],
        "now": now,
        "due": now - every,
        "integration": integration.pk,
        "open": list(OPEN_STATUSES),
        "added": events.ALERT_ADDED,
        "repeated": events.ALERT_REPEATED,
    }
    found, ids = {}, {}
    for key, incident_id, *new in execute_prepared(_REPEATS_SQL, params, many=True):
        if incident_id is not None:
            found[key] = int(incident_id)
        else:
            ids[key] = NewIds(*new)
    return found, ids


def open_incidents(
    integration: Integration,
    todo: list[tuple[str, AlertIn, Route]],
    ids_by_key: dict[str, NewIds],
    now: datetime,
) -> dict[str, int]:
    """Open an incident for each of `todo` (key, alert, route) with its ids from repeats():
    incident id by key, for the ones opened; the others (key taken, policy changed, no
    policy) are left out."""
    kept = {route.severity: policy_kept(route.severity) for _k, _a, route in todo}
    todo = [item for item in todo if kept[item[2].severity] is not None]
    if not todo:
        return {}
    ids = [ids_by_key[key] for key, _alert, _route in todo]
    groups: list[AlertGroup] = []
    tables: list[list[Any]] = []
    severities, versions = [], []
    for (key, alert, route), new in zip(todo, ids, strict=True):
        version, policy = kept[route.severity]  # type: ignore[misc]
        group, rows = rows_for(integration, route, key, alert, new, now, policy)
        groups.append(group)
        tables.append(rows)
        severities.append(route.severity)
        versions.append(version)
    inserted = insert_opened(groups, tables, severities, versions)
    return {
        g.dedup_key: new.incident for g, new in zip(groups, ids, strict=True) if g.pk in inserted
    }
