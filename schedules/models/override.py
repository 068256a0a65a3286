from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Role

User = settings.AUTH_USER_MODEL


class Override(models.Model):
    """Someone covers a role from `starts_at` to `ends_at`, above every layer. Overlapping
    overrides are allowed: the later one (higher id) wins."""

    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="overrides", verbose_name=_("role")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="schedule_overrides", verbose_name=_("user")
    )
    replaces = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Whose shift this covers, when it was theirs."),
        verbose_name=_("replaces"),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("override")
        verbose_name_plural = _("overrides")
        indexes = [
            models.Index(
                fields=["role", "ends_at"],
                name="override_live_by_role",
                condition=models.Q(cancelled_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="override_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.user} {self.starts_at:%Y-%m-%d %H:%M}"
