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

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="groups")
    dedup_key = models.CharField(_("dedup key"), max_length=255)
    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="alert_group", null=True
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_open = models.BooleanField(default=True)
    count = models.PositiveIntegerField(_("firings"), default=1)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    timeline_at = models.DateTimeField(null=True, blank=True)  # last repeat put on the timeline
    alerts_resolved_at = models.DateTimeField(_("alerts resolved at"), null=True, blank=True)
    service = models.CharField(_("service"), max_length=100, blank=True)
    routed_by_rule = models.BooleanField(default=False)
    no_scenario = models.BooleanField(default=False)

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

    def __str__(self) -> str:
        return f"{self.integration_id}:{self.dedup_key}"


class Alert(models.Model):
    """One distinct alert (fingerprint) of a group, as last received."""

    group = models.ForeignKey(AlertGroup, on_delete=models.CASCADE, related_name="alerts")
    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=AlertStatus.choices)
    title = models.CharField(max_length=200)
    labels = models.JSONField(default=dict)
    annotations = models.JSONField(default=dict)
    links = models.JSONField(default=dict)  # name -> URL, shown, never fetched
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["fingerprint"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "fingerprint"], name="one_alert_per_fingerprint"
            )
        ]
        indexes = [models.Index(fields=["integration", "-received_at"], name="alert_recent")]

    def __str__(self) -> str:
        return self.fingerprint
