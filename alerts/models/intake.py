"""What arrived: one AlertGroup per open (integration, dedup key), the incident it opened, and
the distinct alerts (fingerprints) in it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident

from .integration import Integration


class AlertStatus(models.TextChoices):
    FIRING = "firing", _("Firing")
    RESOLVED = "resolved", _("Resolved")


class AlertGroup(models.Model):
    """The incident opened for one dedup key of one integration. `is_open` while it still takes
    alerts: it closes (lazily, at the next alert) once its incident is resolved or closed, and
    the next firing opens a new incident linked to this one (`previous`)."""

    # db_index off: alert_group_key leads with it, and the intake's lookups by key must not
    # fall back to scanning every group of the integration.
    integration = models.ForeignKey(
        Integration,
        on_delete=models.CASCADE,
        related_name="groups",
        db_index=False,
        verbose_name=_("integration"),
    )
    dedup_key = models.CharField(_("dedup key"), max_length=255)
    incident = models.OneToOneField(
        Incident,
        on_delete=models.CASCADE,
        related_name="alert_group",
        null=True,
        verbose_name=_("incident"),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous"),
        db_index=False,  # partial index in Meta: only a re-fired key's group has one
    )
    is_open = models.BooleanField(default=True, verbose_name=_("is open"))
    count = models.PositiveIntegerField(_("firings"), default=1)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    timeline_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("timeline at")
    )  # last repeat put on the timeline
    alerts_resolved_at = models.DateTimeField(_("alerts resolved at"), null=True, blank=True)
    service = models.CharField(_("service"), max_length=100, blank=True)
    routed_by_rule = models.BooleanField(default=False, verbose_name=_("routed by rule"))
    no_scenario = models.BooleanField(default=False, verbose_name=_("no scenario"))

    class Meta:
        verbose_name = _("alert group")
        verbose_name_plural = _("alert groups")
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "dedup_key"],
                condition=Q(is_open=True),
                name="one_open_group_per_dedup_key",
            )
        ]
        indexes = [
            models.Index(fields=["integration", "dedup_key"], name="alert_group_key"),
            models.Index(
                fields=["previous"],
                condition=Q(previous__isnull=False),
                name="alert_group_previous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.integration_id}:{self.dedup_key}"


class Alert(models.Model):
    """One distinct alert (fingerprint) of a group, as last received."""

    # No index of their own: one_alert_per_fingerprint starts with the group and
    # alert_recent with the integration, and each index costs every alert written.
    group = models.ForeignKey(
        AlertGroup,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("group"),
        db_index=False,
    )
    integration = models.ForeignKey(
        Integration,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("integration"),
        db_index=False,
    )
    fingerprint = models.CharField(max_length=255, verbose_name=_("fingerprint"))
    status = models.CharField(max_length=10, choices=AlertStatus.choices, verbose_name=_("status"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    labels = models.JSONField(default=dict, verbose_name=_("labels"))
    annotations = models.JSONField(default=dict, verbose_name=_("annotations"))
    links = models.JSONField(
        default=dict, verbose_name=_("links")
    )  # name -> URL, shown, never fetched
    starts_at = models.DateTimeField(null=True, blank=True, verbose_name=_("starts at"))
    ends_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ends at"))
    received_at = models.DateTimeField(verbose_name=_("received at"))

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["fingerprint"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "fingerprint"], name="one_alert_per_fingerprint"
            )
        ]
        indexes = [models.Index(fields=["integration", "-received_at"], name="alert_recent")]

    def __str__(self) -> str:
        return self.fingerprint
