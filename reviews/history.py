"""The incident history: open and past incidents, filtered, newest first."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.models import AlertGroup
from escalation.models import EscalationRecord
from incidents.models import Incident, IncidentStatus, Severity, TimelineEvent
from runbooks.models import Scenario

from .figures import ESCALATION_LEVELS


def _choices(values: Any, empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *values]


class HistoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    scenario = forms.TypedChoiceField(label=_("Scenario"), required=False, coerce=int)
    service = forms.ChoiceField(label=_("Service"), required=False)
    opened_from = forms.DateField(
        label=_("Opened from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opened_to = forms.DateField(
        label=_("Opened until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = _("All")
        self.fields["severity"].choices = _choices(Severity.choices, everything)  # type: ignore[attr-defined]
        self.fields["status"].choices = _choices(IncidentStatus.choices, everything)  # type: ignore[attr-defined]
        scenarios = Scenario.objects.order_by("number").values_list("number", "title")
        self.fields["scenario"].choices = _choices(  # type: ignore[attr-defined]
            [(n, f"{n}. {t}") for n, t in scenarios], everything
        )
        services = (
            AlertGroup.objects.exclude(service="")
            .order_by("service")
            .values_list("service", flat=True)
            .distinct()
        )
        self.fields["service"].choices = _choices([(s, s) for s in services], everything)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("opened_from"), data.get("opened_to")
        if first and last and first > last:
            self.add_error("opened_to", _("The end comes before the start."))
        return data


@dataclass(frozen=True)
class HistoryFilter:
    q: str = ""
    severity: str = ""
    status: str = ""
    scenario: int | None = None
    service: str = ""
    opened_from: date | None = None
    opened_to: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def filtered_incidents(base: QuerySet[Incident], f: HistoryFilter) -> QuerySet[Incident]:
    rows = base
    if f.severity:
        rows = rows.filter(severity=f.severity)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.scenario:
        rows = rows.filter(runbook__scenario__number=f.scenario)
    if f.service:
        rows = rows.filter(alert_group__service=f.service)
    if f.opened_from:
        rows = rows.filter(opened_at__gte=_day_start(f.opened_from))
    if f.opened_to:
        rows = rows.filter(opened_at__lt=_day_start(f.opened_to + timedelta(days=1)))
    if f.q:
        notes = TimelineEvent.objects.filter(
            incident=OuterRef("pk"), kind="note_added", data__text__icontains=f.q
        )
        rows = rows.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q) | Exists(notes))
    return rows


def history_rows(rows: QuerySet[Incident]) -> QuerySet[Incident]:
    """What each row of the list (and the CSV) shows, in one query."""
    escalations = (
        EscalationRecord.objects.filter(incident=OuterRef("pk"), level__in=ESCALATION_LEVELS)
        .order_by()
        .values("incident")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        rows.select_related("runbook__scenario", "alert_group", "review")
        .annotate(escalations=Coalesce(Subquery(escalations, output_field=IntegerField()), 0))
        .order_by("-opened_at", "-id")
    )


def history_counts(rows: QuerySet[Incident]) -> dict[str, int]:
    """How many of the filtered incidents per severity (one GROUP BY)."""
    found = rows.order_by().values("severity").annotate(n=Count("id"))
    return {row["severity"]: row["n"] for row in found}
