from django.db import models
from django.utils.translation import gettext_lazy as _


class SweepHeartbeat(models.Model):
    """The dead-man's switch: one row, touched by every sweep.

    When it is older than three sweep intervals every page shows a red banner
    and /health answers 503.
    """

    SINGLETON_ID = 1

    last_run_at = models.DateTimeField(_("last run at"))
    last_duration_ms = models.FloatField(_("last duration (ms)"), default=0)
    last_fired = models.PositiveIntegerField(_("fired by the last sweep"), default=0)
    total_fired = models.PositiveBigIntegerField(_("fired in total"), default=0)

    class Meta:
        verbose_name = _("sweep heartbeat")
        verbose_name_plural = _("sweep heartbeat")

    def __str__(self) -> str:
        return f"sweep @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"
