from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Role

User = settings.AUTH_USER_MODEL


class Handoff(models.Model):
    """A planned change of who is on call for a role: a clock the sweep fires once, telling
    the incoming person. Re-planned whenever the schedule changes."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="+", verbose_name=_("role")
    )
    at = models.DateTimeField(_("at"))
    until = models.DateTimeField(_("until"))
    incoming = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("incoming")
    )
    outgoing = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", null=True, verbose_name=_("outgoing")
    )
    fired_at = models.DateTimeField(_("fired at"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))

    class Meta:
        verbose_name = _("handoff")
        verbose_name_plural = _("handoffs")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["role", "at", "incoming"], name="one_handoff_per_turn")
        ]
        indexes = [
            models.Index(
                fields=["at", "id"],
                name="handoff_pending_due",
                condition=models.Q(fired_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_id} {self.at:%Y-%m-%d %H:%M} -> {self.incoming_id}"


class GapReport(models.Model):
    """The daily coverage report, sent once per day (the unique day is the claim)."""

    day = models.DateField(unique=True, verbose_name=_("day"))
    sent_at = models.DateTimeField(verbose_name=_("sent at"))
    gaps = models.JSONField(default=list, verbose_name=_("gaps"))

    class Meta:
        verbose_name = _("gap report")
        verbose_name_plural = _("gap reports")

    def __str__(self) -> str:
        return str(self.day)
