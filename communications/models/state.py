from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, Severity

from .messages import TemplateKind


class CadencePolicy(models.Model):
    """How soon the next stakeholder update is due after one is sent, per severity."""

    severity = models.CharField(_("severity"), max_length=2, choices=Severity.choices, unique=True)
    update_every_minutes = models.PositiveIntegerField(
        _("next update due after (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: no stakeholder update cadence for this severity."),
    )

    class Meta:
        ordering = ["severity"]
        verbose_name = _("update cadence")
        verbose_name_plural = _("update cadences")

    def __str__(self) -> str:
        return f"{self.severity}: {self.update_every_minutes or '—'}"


class IncidentComms(models.Model):
    """What the incident's stakeholder messages say about it, and whether it is public."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="comms", verbose_name=_("incident")
    )
    impact = models.TextField(_("impact"), blank=True)
    forecast = models.CharField(_("forecast"), max_length=300, blank=True)
    public = models.BooleanField(_("on the public status page"), default=False)
    public_title = models.CharField(
        _("public title"),
        max_length=200,
        blank=True,
        help_text=_("What visitors of the status page read as the incident's name."),
    )
    resolved_notice_waived_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("resolved notice waived at")
    )
    resolved_notice_waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved notice waived by"),
    )
    resolved_notice_waiver_reason = models.CharField(
        max_length=500, blank=True, verbose_name=_("resolved notice waiver reason")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("incident communication state")
        verbose_name_plural = _("incident communication states")
        permissions = [("send_communication", _("Can send stakeholder communications"))]

    def __str__(self) -> str:
        return f"{self.incident_id} comms"


class SentCommunication(models.Model):
    """One message sent to stakeholders, exactly as it was previewed. The token is
    made when the preview is shown, so sending the same preview twice sends once."""

    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="communications",
        verbose_name=_("incident"),
    )
    token = models.CharField(max_length=64, unique=True, verbose_name=_("token"))
    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices)
    language = models.CharField(_("language"), max_length=8)
    email_subject = models.CharField(max_length=300, blank=True, verbose_name=_("email subject"))
    email_body = models.TextField(blank=True, verbose_name=_("email body"))
    slack_text = models.TextField(blank=True, verbose_name=_("slack text"))
    sms_text = models.CharField(max_length=160, blank=True, verbose_name=_("sms text"))
    public_text = models.TextField(blank=True, verbose_name=_("public text"))
    recipients = models.JSONField(default=dict, verbose_name=_("recipients"))
    audience_ids = models.JSONField(default=list, blank=True, verbose_name=_("audience ids"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(db_index=True, verbose_name=_("sent at"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent communication")
        verbose_name_plural = _("sent communications")

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.sent_at:%Y-%m-%d %H:%M}"


class PublicUpdate(models.Model):
    """Text published on the public status page. Only this text is ever shown there."""

    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="public_updates",
        verbose_name=_("incident"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("public update")
        verbose_name_plural = _("public updates")

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.published_at:%Y-%m-%d %H:%M}"
