from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Role


class OnCallShiftQuerySet(models.QuerySet["OnCallShift"]):
    def current(self, at=None) -> "OnCallShiftQuerySet":  # type: ignore[no-untyped-def]
        at = at or timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at), starts_at__lte=at)


class OnCallShift(models.Model):
    """Who holds a role on the roster, from when until when (open-ended if no end)."""

    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("role")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="oncall_shifts",
        verbose_name=_("user"),
    )
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)

    objects = OnCallShiftQuerySet.as_manager()

    class Meta:
        ordering = ["role__order", "-starts_at"]
        verbose_name = _("on-call shift")
        verbose_name_plural = _("on-call shifts")
        indexes = [models.Index(fields=["role", "starts_at"], name="shift_role_start")]

    def __str__(self) -> str:
        return f"{self.role} · {self.user}"
