import csv
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from incidents.access import permission_required
from incidents.models import Incident

from ..access import REPORTS
from ..forms import PeriodForm
from ..history import (
    HistoryFilter,
    HistoryFilterForm,
    filtered_incidents,
    history_counts,
    history_rows,
)
from ..reports import chart_data, console, period_of

PAGE_SIZE = 25


def _filter(request: HttpRequest) -> tuple[HistoryFilterForm, HistoryFilter]:
    form = HistoryFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        return form, HistoryFilter(**data)
    return form, HistoryFilter()


def _minutes(later: datetime | None, earlier: datetime) -> int | None:
    return None if later is None else round((later - earlier).total_seconds() / 60)


@login_required
@permission_required("incidents.view_incident")
def history(request: HttpRequest) -> HttpResponse:
    form, chosen = _filter(request)
    rows = filtered_incidents(Incident.objects.visible_to(request.user), chosen)
    counts = history_counts(rows)
    paginator = Paginator(history_rows(rows), PAGE_SIZE)
    paginator.count = sum(counts.values())  # type: ignore[misc]  # known: no COUNT(*) again
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "incidents": list(page.object_list),
        "counts": counts,
        "query": query.urlencode(),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "reviews/history.html", context, status=status)


CSV_COLUMNS = [
    "reference", "title", "severity", "status", "scenario", "service", "opened_at",
    "acknowledged_at", "resolved_at", "minutes_to_acknowledge", "minutes_to_resolve",
    "acknowledged_within_sla", "escalations", "review_status",
]  # fmt: skip


def _cell(value: Any) -> Any:
    """No spreadsheet formulas from incident titles (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_row(incident: Incident) -> list[Any]:
    # MTTA and MTTR from detection when known, as the manager's console; the SLA from opening.
    to_ack = _minutes(incident.acknowledged_at, incident.started_at)
    in_sla = _minutes(incident.acknowledged_at, incident.opened_at)
    runbook = getattr(incident, "runbook", None)
    group = getattr(incident, "alert_group", None)
    review = getattr(incident, "review", None)
    within = "" if in_sla is None else ("yes" if in_sla <= incident.acknowledge_minutes else "no")
    values = [
        incident.reference,
        incident.title,
        incident.severity,
        incident.status,
        runbook.scenario.title if runbook else "",
        group.service if group else "",
        incident.opened_at.isoformat(),
        incident.acknowledged_at.isoformat() if incident.acknowledged_at else "",
        incident.resolved_at.isoformat() if incident.resolved_at else "",
        "" if to_ack is None else to_ack,
        _minutes(incident.resolved_at, incident.started_at) or "",
        within,
        getattr(incident, "escalations", 0),
        review.status if review else "",
    ]
    return [_cell(v) for v in values]


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@permission_required("incidents.view_incident")
def history_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered history as CSV, streamed."""
    _form, chosen = _filter(request)
    rows = history_rows(filtered_incidents(Incident.objects.visible_to(request.user), chosen))
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_COLUMNS)
        for incident in rows.iterator(chunk_size=2000):
            yield writer.writerow(csv_row(incident))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="incidents-{stamp}.csv"'
    return response


@login_required
@permission_required(REPORTS)
def reports(request: HttpRequest) -> HttpResponse:
    """The manager's console over a chosen period (default: the last 90 days)."""
    form = PeriodForm(request.GET or None, initial={"days": 90})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = period_of(data.get("first"), data.get("last"), days=data.get("days") or 90)
    figures = console(period)
    context = {"period": period, "form": form, "chart": chart_data(figures), **figures}
    return render(request, "reviews/reports.html", context, status=400 if form.errors else 200)
