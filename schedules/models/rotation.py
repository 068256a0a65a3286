import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Role
from incidents.models.people import validate_timezone

DEFAULT_ZONE = "America/Sao_Paulo"


def nine_am() -> dt.time:
    """The default hand-off time (a callable: a fixed time as default is a system warning)."""
    return dt.time(9, 0)


class Length(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    HOURS = "hours", _("Every N hours")


class Restriction(models.TextChoices):
    NONE = "none", _("Around the clock")
    WEEKDAYS = "weekdays", _("Weekdays only (Mon-Fri)")
    BUSINESS_HOURS = "business_hours", _("Business hours (Mon-Fri 09:00-18:00, not holidays)")


class Rotation(models.Model):
    """One layer of a role's schedule: people take turns, handing off at a local time.

    Several layers per role; where a higher layer has someone, it wins."""

    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="rotations", verbose_name=_("role")
    )
    name = models.CharField(_("name"), max_length=80)
    layer = models.PositiveSmallIntegerField(
        _("layer"), default=1, help_text=_("Higher layers win where they have someone.")
    )
    length = models.CharField(
        _("turn length"), max_length=10, choices=Length.choices, default=Length.WEEKLY
    )
    length_hours = models.PositiveSmallIntegerField(
        _("hours per turn"), null=True, blank=True, help_text=_("Only for 'Every N hours'.")
    )
    handoff_time = models.TimeField(_("hand-off time"), default=nine_am)
    timezone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_ZONE, validators=[validate_timezone]
    )
    start_date = models.DateField(_("start date"))
    restriction = models.CharField(
        _("on duty"), max_length=20, choices=Restriction.choices, default=Restriction.NONE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["role__order", "-layer"]
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        constraints = [
            models.UniqueConstraint(fields=["role", "layer"], name="one_rotation_per_layer"),
            models.CheckConstraint(
                condition=~models.Q(length="hours") | models.Q(length_hours__gte=1),
                name="hours_rotation_has_hours",
            ),
        ]
        permissions = [("manage_schedule", _("Can edit rotations and assign overrides"))]

    def __str__(self) -> str:
        return f"{self.role} · {self.name}"


class RotationMember(models.Model):
    """A person's place in a rotation's order."""

    rotation = models.ForeignKey(
        Rotation, on_delete=models.CASCADE, related_name="members", verbose_name=_("rotation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("rotation member")
        verbose_name_plural = _("rotation members")
        ordering = ["rotation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "position"], name="one_member_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.rotation_id} #{self.position} {self.user_id}"
