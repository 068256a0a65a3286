"""The manager's console figures, computed in SQL in ONE statement whatever the number of
incidents: per severity and per scenario, MTTA and MTTR as median and p90 (linear
interpolation, as percentile_cont), how many were acknowledged within their SLA, and the
escalations fired.

The percentiles are written with window functions so that PostgreSQL and SQLite give the
same numbers: rank each group's values, then interpolate between the two ranks around
1 + (n - 1) * p, with integer arithmetic for the rank."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection

from escalation.models import EscalationRecord
from incidents.models import Incident
from runbooks.models import IncidentRunbook, Scenario

ESCALATION_LEVELS = ("escalation_engineer", "incident_commander")
NO_SCENARIO = 0
GROUPINGS = ("severity", "scenario")


@dataclass(frozen=True)
class Row:
    key: Any
    incidents: int
    acknowledged: int
    resolved: int
    mtta_p50: float | None
    mtta_p90: float | None
    mttr_p50: float | None
    mttr_p90: float | None
    within_sla: int
    escalations: int

    @property
    def sla_share(self) -> float | None:
        return None if not self.incidents else self.within_sla / self.incidents


def _seconds(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":  # float8 sorts far faster than numeric
        return f"CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS DOUBLE PRECISION)"
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0)"


def _percentile(value: str, rank: str, count: str, p: int) -> str:
    """percentile_cont(p/100) of `value` within a group, from its rank among the group's
    non-null values (nulls ranked last) and their count; an aggregate."""
    lo = f"(1 + ({count} - 1) * {p} / 100)"
    frac = f"((({count} - 1) * {p}) %% 100) / 100.0"  # %%: a DB-API placeholder escape
    low = f"MAX(CASE WHEN {rank} = {lo} THEN {value} END)"
    high = f"MAX(CASE WHEN {rank} = {lo} + 1 THEN {value} END)"
    return f"{low} + {frac} * (COALESCE({high}, {low}) - {low})"


def _base() -> str:
    """One row per incident of the period: its group keys, seconds to acknowledge and to
    resolve, acknowledged within its SLA (1/0), escalations fired. Integer group keys
    (P1 -> 1, scenario numbers, 0 for none) sort faster than collated text."""
    quote = connection.ops.quote_name
    incident, runbook = quote(Incident._meta.db_table), quote(IncidentRunbook._meta.db_table)
    scenario, record = quote(Scenario._meta.db_table), quote(EscalationRecord._meta.db_table)
    ack = _seconds("i.acknowledged_at", "i.opened_at")
    # MTTA and MTTR run from detection (an alert's start) when known; the SLA from opening.
    start = Incident.started_at_sql("i")
    levels = ", ".join(["%s"] * len(ESCALATION_LEVELS))
    period = "i.opened_at >= %s AND i.opened_at < %s"
    within = f"CASE WHEN i.acknowledged_at IS NOT NULL AND {ack} <= i.acknowledge_minutes * %s"
    return (
        "SELECT CAST(SUBSTR(i.severity, 2, 1) AS INTEGER) AS sev, COALESCE(s.number, 0) AS scn, "
        f"{_seconds('i.acknowledged_at', start)} AS a, {_seconds('i.resolved_at', start)} AS r, "
        f"{within} THEN 1 ELSE 0 END AS ok, COALESCE(esc.n, 0) AS esc "
        f"FROM {incident} i LEFT JOIN {runbook} rb ON rb.incident_id = i.id "
        f"LEFT JOIN {scenario} s ON s.id = rb.scenario_id "
        f"LEFT JOIN (SELECT e.incident_id, COUNT(*) AS n FROM {record} e "
        # an incident's escalations come due after it opened: none of ours is older
        f"WHERE e.level IN ({levels}) AND e.due_at >= %s GROUP BY e.incident_id) esc "
        f"ON esc.incident_id = i.id WHERE {period}"
    )


def _sql_postgresql() -> str:
    """PostgreSQL's own percentile_cont, both groupings in one pass (GROUPING SETS)."""
    pct = "percentile_cont({p}) WITHIN GROUP (ORDER BY {v})"
    return (
        f"WITH base AS ({_base()}) "
        "SELECT CASE WHEN GROUPING(sev) = 0 THEN 0 ELSE 1 END AS k, COALESCE(sev, scn) AS g, "
        "COUNT(*), COUNT(a), COUNT(r), SUM(ok), SUM(esc), "
        + ", ".join(pct.format(p=p, v=v) for v in ("a", "r") for p in (0.5, 0.9))
        + " FROM base GROUP BY GROUPING SETS ((sev), (scn))"
    )


def _sql() -> str:
    """The same with window functions, for databases without percentile_cont."""
    ranks = "PARTITION BY k, g ORDER BY"
    return (
        f"WITH base AS ({_base()}), "
        "keyed AS (SELECT 0 AS k, sev AS g, a, r, ok, esc FROM base "
        "UNION ALL SELECT 1 AS k, scn AS g, a, r, ok, esc FROM base), "
        f"ranked AS (SELECT k, g, a, r, ok, esc, "
        f"ROW_NUMBER() OVER ({ranks} (a IS NULL), a) AS ra, "
        "COUNT(a) OVER (PARTITION BY k, g) AS na, "
        f"ROW_NUMBER() OVER ({ranks} (r IS NULL), r) AS rr, "
        "COUNT(r) OVER (PARTITION BY k, g) AS nr "
        "FROM keyed) "
        "SELECT k, g, COUNT(*), na, nr, SUM(ok), SUM(esc), "
        f"{_percentile('a', 'ra', 'na', 50)}, {_percentile('a', 'ra', 'na', 90)}, "
        f"{_percentile('r', 'rr', 'nr', 50)}, {_percentile('r', 'rr', 'nr', 90)} "
        "FROM ranked GROUP BY k, g, na, nr"
    )


def _num(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def figures(start: datetime, end: datetime) -> dict[str, list[Row]]:
    """{"severity": [Row per severity], "scenario": [Row per scenario number, 0 for none]}
    for the incidents opened in [start, end)."""
    minute = float(getattr(settings, "SLA_MINUTE_SECONDS", 60))
    with connection.cursor() as cursor:
        sql = _sql_postgresql() if connection.vendor == "postgresql" else _sql()
        cursor.execute(sql, [minute, *ESCALATION_LEVELS, start, start, end])
        found = cursor.fetchall()
    rows: dict[str, list[Row]] = {grouping: [] for grouping in GROUPINGS}
    for k, g, n, acked, resolved, ok, esc, a50, a90, r50, r90 in found:
        key = f"P{g}" if k == 0 else int(g)
        row = Row(key, int(n), int(acked), int(resolved), _num(a50), _num(a90), _num(r50),
                  _num(r90), int(ok or 0), int(esc or 0))  # fmt: skip
        rows[GROUPINGS[k]].append(row)
    for grouping in rows.values():
        grouping.sort(key=lambda row: row.key)
    return rows


def figures_by(grouping: str, start: datetime, end: datetime) -> list[Row]:
    return figures(start, end)[grouping]
