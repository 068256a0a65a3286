"""What /metrics reports, read from the database at scrape time (prometheus_client's custom
collector): every web process answers the same, whatever it served itself."""

from collections.abc import Iterator

from django.db.models import Count
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from incidents.models import Incident, Severity
from notifications.models import PENDING_STATUSES, AttemptOutcome, DeliveryAttempt, Notification

from .heartbeat import last_sweep_age_seconds
from .models import EscalationRecord, SweepHeartbeat


class IncidentMetrics(Collector):
    def collect(self) -> Iterator[Metric]:
        yield _open_incidents()
        yield _escalations()
        yield from _notifications()
        yield from _sweep()
        backlog = GaugeMetricFamily(
            "incidents_outbox_backlog",
            "Notifications queued or being sent (the outbox not yet drained).",
        )
        backlog.add_metric([], Notification.objects.filter(status__in=PENDING_STATUSES).count())
        yield backlog


def _open_incidents() -> Metric:
    family = GaugeMetricFamily(
        "incidents_open",
        "Open incidents (triggered, acknowledged, mitigated).",
        labels=["severity"],
    )
    counts = dict(
        Incident.objects.open().order_by().values_list("severity").annotate(n=Count("pk"))
    )
    for severity in Severity.values:
        family.add_metric([severity], counts.get(severity, 0))
    return family


def _escalations() -> Metric:
    family = CounterMetricFamily(
        "incidents_escalations_fired", "Escalation levels fired by the sweep.", labels=["level"]
    )
    counts = EscalationRecord.objects.order_by().values_list("level").annotate(n=Count("pk"))
    for level, count in counts:
        family.add_metric([level], count)
    return family


def _notifications() -> Iterator[Metric]:
    attempts = CounterMetricFamily(
        "incidents_notification_attempts", "Delivery attempts, by channel.", labels=["channel"]
    )
    failures = CounterMetricFamily(
        "incidents_notification_failures",
        "Delivery attempts that failed or were lost, by channel.",
        labels=["channel"],
    )
    rows = (
        DeliveryAttempt.objects.order_by()
        .values_list("notification__channel", "outcome")
        .annotate(n=Count("pk"))
    )
    total: dict[str, int] = {}
    failed: dict[str, int] = {}
    for channel, outcome, count in rows:
        total[channel] = total.get(channel, 0) + count
        if outcome != AttemptOutcome.DELIVERED:
            failed[channel] = failed.get(channel, 0) + count
    for channel in sorted(total):
        attempts.add_metric([channel], total[channel])
        failures.add_metric([channel], failed.get(channel, 0))
    yield attempts
    yield failures


def _sweep() -> Iterator[Metric]:
    age = GaugeMetricFamily(
        "incidents_sweep_last_run_age_seconds",
        "Seconds since the escalation sweep last finished (NaN: it never ran).",
    )
    seconds = last_sweep_age_seconds()
    age.add_metric([], float("nan") if seconds is None else seconds)
    yield age
    duration = GaugeMetricFamily(
        "incidents_sweep_last_duration_seconds", "How long the last escalation sweep took."
    )
    row = SweepHeartbeat.objects.filter(pk=SweepHeartbeat.SINGLETON_ID).first()
    duration.add_metric([], (row.last_duration_ms / 1000.0) if row else float("nan"))
    yield duration
