"""The two hot paths of alert intake on PostgreSQL, one statement each, so a delivery is
answered in milliseconds (Alertmanager gives up on slow receivers):

- a repeat: count it, refresh the alert, and put it on the timeline when due;
- a new key: the group, the incident (declared in two steps: the sweep adds its clocks,
  checklist and first page a moment later), the alert and the timeline, all or nothing.

Each returns None when it does not apply (no open incident for the key; the key taken by
a concurrent delivery, or no severity policy); the caller then tries the other, and last
the portable path in intake.py, which handles every case."""

from datetime import datetime
from typing import Any

from django.db import connection

from bulkcopy import insert_sql
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

_GROUPS = AlertGroup._meta.db_table
_ALERTS = Alert._meta.db_table
_INCIDENTS = Incident._meta.db_table
_TIMELINE = TimelineEvent._meta.db_table
_POLICY_FIELDS = [f.attname for f in SeverityPolicy._meta.concrete_fields]

_REPEAT_SQL = f"""
WITH g AS (
    UPDATE {_GROUPS}
       SET count = count + 1, last_seen_at = %(now)s, alerts_resolved_at = NULL,
           timeline_at = CASE WHEN timeline_at IS NULL OR timeline_at <= %(due)s THEN %(now)s
                              ELSE timeline_at END
     WHERE integration_id = %(integration)s AND dedup_key = %(key)s AND is_open
       AND incident_id IN (SELECT id FROM {_INCIDENTS} WHERE status = ANY(%(open)s))
    RETURNING id, incident_id, count, timeline_at = %(now)s AS due
), a AS (
    INSERT INTO {_ALERTS} (group_id, integration_id, fingerprint, status, title, labels,
                           annotations, links, starts_at, ends_at, received_at)
    SELECT g.id, %(integration)s, %(fingerprint)s, %(status)s, %(title)s, %(labels)s,
           %(annotations)s, %(links)s, %(starts_at)s, %(ends_at)s, %(now)s FROM g
    ON CONFLICT (group_id, fingerprint) DO UPDATE
       SET status = EXCLUDED.status, labels = EXCLUDED.labels,
           annotations = EXCLUDED.annotations, links = EXCLUDED.links,
           ends_at = EXCLUDED.ends_at, received_at = EXCLUDED.received_at,
           title = CASE WHEN EXCLUDED.title <> '' THEN EXCLUDED.title ELSE {_ALERTS}.title END,
           starts_at = COALESCE(EXCLUDED.starts_at, {_ALERTS}.starts_at)
    RETURNING xmax = 0 AS inserted
), t AS (
    INSERT INTO {_TIMELINE} (incident_id, kind, actor_id, created_at, data)
    SELECT g.incident_id, CASE WHEN a.inserted THEN %(added)s ELSE %(repeated)s END, NULL,
           %(now)s, jsonb_build_object('fingerprint', %(fingerprint)s::text,
                                       'title', %(title)s::text, 'count', g.count)
      FROM g, a WHERE a.inserted OR g.due
)
SELECT g.incident_id FROM g
"""


def _json(value: Any) -> Any:
    return connection.ops.adapt_json_value(value, None)


def repeat(
    integration: Integration, key: str, alert: AlertIn, now: datetime, every: Any
) -> int | None:
    """A repeat firing of an open incident's key: its id, or None."""
    params = {
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
    with connection.cursor() as cursor:
        cursor.execute(_REPEAT_SQL, params)
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _ids_and_policy(severity: str) -> tuple[int, int, int, int, SeverityPolicy] | None:
    """New ids for the incident, the group and two timeline entries, with the policy."""
    seq = "nextval(pg_get_serial_sequence(%s, 'id'))"
    policy_columns = ", ".join(_POLICY_FIELDS)
    sql = (
        f"SELECT {seq}, {seq}, {seq}, {seq}, {policy_columns} "  # noqa: S608
        f"FROM {SeverityPolicy._meta.db_table} WHERE severity = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_INCIDENTS, _GROUPS, _TIMELINE, _TIMELINE, severity])
        row = cursor.fetchone()
    if row is None:
        return None
    policy = SeverityPolicy.from_db(connection.alias, _POLICY_FIELDS, row[4:])
    return row[0], row[1], row[2], row[3], policy


def open_incident(
    integration: Integration, chosen: Route, key: str, alert: AlertIn, now: datetime
) -> int | None:
    """Open the key's group and incident: the incident's id, or None when the key is taken
    (a concurrent delivery) or there is no policy for the severity."""
    prepared = _ids_and_policy(chosen.severity)
    if prepared is None:
        return None
    incident_id, group_id, declared_id, opened_id, policy = prepared
    incident, declared, finish = incident_declare_rows(
        incident_id=incident_id,
        title=alert.title or f"Alert from {integration.name}",
        policy=policy,
        by=None,
        now=now,
        description=alert.description,
        source=IncidentSource.MONITORING,
        extra={"scenario": chosen.scenario.pk} if chosen.scenario is not None else {},
        detected_at=alert.starts_at,
    )
    declared.pk = declared_id
    group = AlertGroup(
        pk=group_id,
        integration=integration,
        dedup_key=key,
        incident_id=incident_id,
        first_seen_at=now,
        last_seen_at=now,
        service=chosen.service,
        routed_by_rule=chosen.rule is not None,
        no_scenario=chosen.scenario is None,
    )
    stored = Alert(
        group_id=group_id,
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
        pk=opened_id,
        incident_id=incident_id,
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
    gate_sql, params = insert_sql(group, connection)
    parts = [
        f"gate AS ({gate_sql} ON CONFLICT (integration_id, dedup_key) WHERE is_open "
        "DO NOTHING RETURNING id)"
    ]
    for n, row in enumerate((incident, declared, opened, finish, stored)):
        sql, row_params = insert_sql(row, connection, select_from="gate")
        parts.append(f"r{n} AS ({sql})")
        params += row_params
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} SELECT id FROM gate", params)
        created = cursor.fetchone() is not None
    return incident_id if created else None
