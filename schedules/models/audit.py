from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Role


class ScheduleEvent(models.Model):
    """The schedule's audit trail: every rotation edit and override, by whom, when."""

    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("actor"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="+", null=True, verbose_name=_("role")
    )
    kind = models.CharField(_("kind"), max_length=40)
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"
