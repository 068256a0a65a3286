import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import RoleKey


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown timezone: %(tz)s"), params={"tz": value})


class Role(models.Model):
    """A role from the playbook's escalation matrix."""

    key = models.CharField(_("key"), max_length=40, choices=RoleKey.choices, unique=True)
    name_pt_br = models.CharField(_("name (Portuguese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    responsibility_pt_br = models.TextField(_("responsibility (Portuguese)"), blank=True)
    responsibility_en = models.TextField(_("responsibility (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    @property
    def _english(self) -> bool:
        return (get_language() or "").startswith("en")

    @property
    def name(self) -> str:
        return self.name_en if self._english else self.name_pt_br

    @property
    def responsibility(self) -> str:
        return self.responsibility_en if self._english else self.responsibility_pt_br


class Profile(models.Model):
    """How to reach a person, and how they like to read the dashboard."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    slack_handle = models.CharField(_("Slack handle"), max_length=64, blank=True)
    timezone = models.CharField(
        _("timezone"), max_length=64, default="America/Sao_Paulo", validators=[validate_timezone]
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)
