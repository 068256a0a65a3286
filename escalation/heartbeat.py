"""The dead-man's switch: every sweep touches one row; pages and /health read its age."""

from datetime import datetime

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import SweepHeartbeat

STALE_AFTER_INTERVALS = 3


def heartbeat_record(*, duration_ms: float, fired: int, at: datetime | None = None) -> None:
    at = at or timezone.now()
    changed = SweepHeartbeat.objects.filter(pk=SweepHeartbeat.SINGLETON_ID).update(
        last_run_at=at,
        last_duration_ms=duration_ms,
        last_fired=fired,
        total_fired=F("total_fired") + fired,
    )
    if not changed:
        SweepHeartbeat.objects.get_or_create(
            pk=SweepHeartbeat.SINGLETON_ID,
            defaults={
                "last_run_at": at,
                "last_duration_ms": duration_ms,
                "last_fired": fired,
                "total_fired": fired,
            },
        )


def last_sweep_age_seconds(now: datetime | None = None) -> float | None:
    """Seconds since the last sweep finished; None when no sweep ever ran."""
    last = (
        SweepHeartbeat.objects.filter(pk=SweepHeartbeat.SINGLETON_ID)
        .values_list("last_run_at", flat=True)
        .first()
    )
    if last is None:
        return None
    return max(0.0, ((now or timezone.now()) - last).total_seconds())


def stale_after_seconds() -> float:
    return STALE_AFTER_INTERVALS * float(settings.ESCALATION_SWEEP_SECONDS)


def sweep_is_stale(age_seconds: float | None) -> bool:
    return age_seconds is None or age_seconds > stale_after_seconds()
