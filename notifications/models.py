"""The outbox: one row per message to send, and one row per try to send it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, Severity


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SLACK = "slack", _("Slack")
    SMS = "sms", _("SMS")
    VOICE = "voice", _("Voice call")


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Failed, next channel tried")
    NOT_SENT = "not_sent", _("Not sent: no longer needed")


PENDING_STATUSES = (NotificationStatus.QUEUED, NotificationStatus.SENDING)


class Notification(models.Model):
    """One message to one address on one channel, written in the caller's transaction.

    A page is a chain: the root row (stage 0) and the fallback rows it spawns
    (stage 1, 2...) share `root`. `fallbacks` holds the stages still to try, each
    a list of [channel, address] pairs sent together.
    """

    # db_index off: notification_incident_time leads with it
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
        null=True,
        blank=True,
        help_text=_("Empty for a message about no incident (a test page)."),
        verbose_name=_("incident"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty for messages to a channel or a list, not a person."),
        verbose_name=_("user"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"))
    reason = models.CharField(_("reason"), max_length=60)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NotificationStatus.choices,
        default=NotificationStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        null=True,
        blank=True,
        help_text=_("When queued: when to try. When sending: when the try counts as lost."),
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    acknowledged_at = models.DateTimeField(
        _("acknowledged at"),
        null=True,
        blank=True,
        help_text=_(
            "On a page's first row: when the person paged answered it (their page, not the "
            "incident). Nothing more of that page is sent, and its louder steps stop."
        ),
    )
    relieved_at = models.DateTimeField(
        _("relieved at"),
        null=True,
        blank=True,
        help_text=_(
            "On a page's first row: when the person paged stopped holding the role it paged "
            "them for (given to someone else). Nothing more of that page is sent, and its "
            "louder steps stop."
        ),
    )

    root = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chain",
        verbose_name=_("root"),
    )
    stage = models.PositiveSmallIntegerField(_("fallback stage"), default=0)
    fallbacks = models.JSONField(_("fallback stages left"), default=list, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notification_outbox_due",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
            models.Index(fields=["incident", "created_at"], name="notification_incident_time"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.channel} {self.status}"

    @property
    def is_retrying(self) -> bool:
        return self.status in PENDING_STATUSES and self.attempts > 0


class AttemptOutcome(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    LOST = "lost", _("Lost (worker stopped mid-send)")


class DeliveryAttempt(models.Model):
    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
        verbose_name=_("notification"),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=AttemptOutcome.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.notification_id} #{self.number} {self.outcome}"


class NotificationRule(models.Model):
    """One step of how a person is paged for a severity: this channel, this long after
    the page. The steps at 0 are the page itself; each later one is a deadline row that
    fires while the incident is still unacknowledged. A person with no rule for a
    severity is paged by settings.PAGING_DEFAULT_RULES."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_rules",
        verbose_name=_("user"),
    )
    severity = models.CharField(_("severity"), max_length=2, choices=Severity.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    after_minutes = models.PositiveSmallIntegerField(_("after (minutes)"))

    class Meta:
        ordering = ["user", "severity", "after_minutes", "channel"]
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "severity", "channel"], name="one_rule_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.severity} {self.channel} +{self.after_minutes}"


class AcknowledgeLinkUse(models.Model):
    """An acknowledge link (one per message, see notifications.links) was used: single use
    is this row's primary key."""

    notification = models.OneToOneField(
        Notification,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="link_use",
        verbose_name=_("notification"),
    )
    used_at = models.DateTimeField(_("used at"))
    outcome = models.CharField(_("outcome"), max_length=20)

    class Meta:
        verbose_name = _("acknowledge link use")
        verbose_name_plural = _("acknowledge link uses")

    def __str__(self) -> str:
        return f"{self.notification_id} {self.outcome}"
