from django.db import models


class ScheduleState(models.Model):
    """One row. `version` changes (a new random value) in the same transaction as every
    schedule edit, so each process knows when its cached plan is stale with one read."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.CharField(max_length=32)
    planned_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.version
