from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleState(models.Model):
    """One row. `version` changes (a new random value) in the same transaction as every
    schedule edit, so each process knows when its cached plan is stale with one read.
    `people_version` changes with every edit of a person's account or profile, made by
    database triggers (migration 0004), so it covers the admin, a shell or a bulk update
    too: each process keeps the people paging reads while it stays the same."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, verbose_name=_("id"))
    version = models.CharField(max_length=32, verbose_name=_("version"))
    people_version = models.CharField(max_length=32, default="", verbose_name=_("people version"))
    planned_until = models.DateTimeField(null=True, blank=True, verbose_name=_("planned until"))

    class Meta:
        verbose_name = _("schedule state")
        verbose_name_plural = _("schedule states")

    def __str__(self) -> str:
        return self.version
