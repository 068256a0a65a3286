"""What the manager's console shows besides the response figures: incidents per week,
the recurrence table, reviews overdue and action items by age. Each one query."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from incidents.models import Incident, Severity
from runbooks.models import IncidentRunbook, Scenario

from .figures import NO_SCENARIO, Row, figures
from .models import ActionItem, ActionItemStatus, Review
from .selectors import overdue_steps

AGE_BUCKETS = ((0, 7), (8, 30), (31, 90), (91, None))  # days since the item was created


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days)


def period_of(first: date | None, last: date | None, days: int = 90) -> Period:
    """[first, last] as local days; by default the last `days` days up to today."""
    today = timezone.localdate()
    last = last or today
    first = first or last - timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    start = datetime.combine(min(first, last), datetime.min.time(), tzinfo=tz)
    end = datetime.combine(max(first, last) + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    return Period(start, end)


def per_week(period: Period) -> dict[str, Any]:
    """Incidents opened per week and severity: {"weeks": [...], "series": {sev: [...]}}."""
    rows = (
        Incident.objects.filter(opened_at__gte=period.start, opened_at__lt=period.end)
        .annotate(week=TruncWeek("opened_at"))
        .values("week", "severity")
        .annotate(n=Count("id"))
        .order_by("week")
    )
    weeks: list[date] = []
    counts: dict[tuple[date, str], int] = {}
    for row in rows:
        week = row["week"].date() if isinstance(row["week"], datetime) else row["week"]
        if week not in weeks:
            weeks.append(week)
        counts[(week, row["severity"])] = row["n"]
    series = {sev: [counts.get((w, sev), 0) for w in weeks] for sev in Severity.values}
    return {"weeks": [w.isoformat() for w in weeks], "series": series}


def recurrence(period: Period, limit: int = 20) -> list[dict[str, Any]]:
    """Scenarios by how often they occurred in the period (and in its last 30 days)."""
    last_30 = period.end - timedelta(days=30)
    return list(
        IncidentRunbook.objects.filter(
            incident__opened_at__gte=period.start, incident__opened_at__lt=period.end
        )
        .values("scenario__number", "scenario__title")
        .annotate(
            total=Count("id"),
            last_30_days=Count("id", filter=Q(incident__opened_at__gte=last_30)),
            last_seen=Max("incident__opened_at"),
        )
        .order_by("-total", "scenario__number")[:limit]
    )


def reviews_overdue(limit: int = 50) -> list[Review]:
    late = overdue_steps()
    return list(
        Review.objects.filter(incident_id__in=late.values("incident_id"))
        .select_related("incident", "owner")
        .order_by("created_at")[:limit]
    )


def action_items_by_age(now: datetime) -> list[dict[str, Any]]:
    """Open action items by age (days since created), and how many of each are overdue."""
    today = timezone.localdate(now)
    aggregates: dict[str, Any] = {}
    for low, high in AGE_BUCKETS:
        newest = now - timedelta(days=low)
        q = Q(created_at__lte=newest)
        if high is not None:
            q &= Q(created_at__gt=now - timedelta(days=high + 1))
        aggregates[f"n_{low}"] = Count("id", filter=q)
        aggregates[f"late_{low}"] = Count("id", filter=q & Q(due_date__lt=today))
    found = ActionItem.objects.filter(status=ActionItemStatus.OPEN).aggregate(**aggregates)
    return [
        {"low": low, "high": high, "open": found[f"n_{low}"], "overdue": found[f"late_{low}"]}
        for low, high in AGE_BUCKETS
    ]


def scenario_titles(rows: list[Row]) -> dict[int, str]:
    numbers = [r.key for r in rows if r.key != NO_SCENARIO]
    return dict(Scenario.objects.filter(number__in=numbers).values_list("number", "title"))


def console(period: Period) -> dict[str, Any]:
    found = figures(period.start, period.end)
    by_scenario = found["scenario"]
    weekly = per_week(period)
    return {
        "weekly_rows": [
            (week, [weekly["series"][sev][n] for sev in weekly["series"]])
            for n, week in enumerate(weekly["weeks"])
        ],
        "by_severity": found["severity"],
        "by_scenario": by_scenario,
        "scenario_titles": scenario_titles(by_scenario),
        "weekly": weekly,
        "recurrence": recurrence(period),
        "reviews_overdue": reviews_overdue(),
        "items_by_age": action_items_by_age(timezone.now()),
    }


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def chart_data(figures: dict[str, Any]) -> dict[str, Any]:
    """The numbers the charts draw (the tables beside them show the same)."""
    sev = figures["by_severity"]
    return {
        "weekly": figures["weekly"],
        "severities": [r.key for r in sev],
        "mtta_p50": [_minutes(r.mtta_p50) for r in sev],
        "mtta_p90": [_minutes(r.mtta_p90) for r in sev],
        "mttr_p50": [_minutes(r.mttr_p50) for r in sev],
        "mttr_p90": [_minutes(r.mttr_p90) for r in sev],
        "sla": [None if r.sla_share is None else round(100 * r.sla_share, 1) for r in sev],
        "ages": [b["open"] for b in figures["items_by_age"]],
        "ages_overdue": [b["overdue"] for b in figures["items_by_age"]],
    }
