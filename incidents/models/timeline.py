from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .incident import Incident


class TimelineEventQuerySet(models.QuerySet["TimelineEvent"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The timeline is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The timeline is append-only.")


class TimelineEvent(models.Model):
    """One thing that happened to an incident. Append-only.

    `kind` is open-ended on purpose: each app records its own kinds and renders
    them with a `timeline/<kind>.html` template.
    """

    # Read per incident only (timeline_incident_time): no other index to keep up on append.
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="timeline",
        db_index=False,
        verbose_name=_("incident"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when the system acted."),
        verbose_name=_("actor"),
        db_index=False,  # partial index in Meta: most entries are the system's
    )
    created_at = models.DateTimeField(_("time"))
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            models.Index(fields=["incident", "created_at"], name="timeline_incident_time"),
            models.Index(fields=["actor"], condition=Q(actor__isnull=False), name="timeline_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} @ {self.created_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("The timeline is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The timeline is append-only.")
