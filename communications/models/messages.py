from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SMS_LIMIT = 160


class TemplateKind(models.TextChoices):
    NOTIFICATION = "notification", _("Incident notification")
    STATUS_UPDATE = "status_update", _("Status update")
    RESOLVED = "resolved", _("Incident resolved")
    POST_MORTEM = "post_mortem", _("Post-mortem")


class MessageTemplate(models.Model):
    """One kind of stakeholder message in one language, with a part per channel.

    Each part is a Django template rendered with only the incident's facts
    (see communications.rendering.CONTEXT_NAMES)."""

    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    email_subject = models.CharField(_("email subject"), max_length=300)
    email_body = models.TextField(_("email body"))
    slack_text = models.TextField(_("Slack message"))
    sms_text = models.TextField(
        _("SMS"), help_text=_("At most 160 characters once filled in; longer text is cut.")
    )
    public_text = models.TextField(
        _("status page text"),
        help_text=_("Published on the public status page: no names, no internal links."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_template_per_kind_lang")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"
