from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import DeadlineKind
from .incident import Incident

PAGE_STEP = "page_step"  # in Deadline.data: see Deadline.is_page_step


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def pending(self) -> "DeadlineQuerySet":
        return self.filter(fired_at__isnull=True, cancelled_at__isnull=True)

    def watched(self) -> "DeadlineQuerySet":
        """Without the paging loop's own steps (Deadline.is_page_step)."""
        return self.filter(**{f"data__{PAGE_STEP}__isnull": True})  # only ever true or absent


class StopsOn(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("acknowledgement")
    RESOLVE = "resolve", _("resolution")
    NEVER = "never", _("never (must be met even after resolution)")


class Deadline(models.Model):
    """An absolute moment at which something must happen to an incident.

    Every clock the playbook names is a row here. The escalation sweep reads the
    pending rows whose `due_at` has passed and fires each exactly once by a
    conditional update on `fired_at`. Apps add their own kinds (scenario rules,
    stakeholder updates, the LGPD notice...), always through incidents.services.
    """

    # db_index off: one_deadline_per_kind and deadline_incident_next lead with it
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="deadlines",
        db_index=False,
        verbose_name=_("incident"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    due_at = models.DateTimeField(_("due at"))
    fired_at = models.DateTimeField(_("fired at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    stops_on = models.CharField(
        _("stops on"), max_length=12, choices=StopsOn.choices, default=StopsOn.RESOLVE
    )
    scheduled = models.BooleanField(
        default=False,
        help_text=_("Planned from the severity policy or scenario; recomputed on changes."),
        verbose_name=_("scheduled"),
    )
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind"], name="one_deadline_per_kind")
        ]
        indexes = [
            models.Index(
                fields=["due_at", "id"],  # the sweep's order: a range scan, no sort
                name="deadline_pending_due",
                condition=models.Q(fired_at__isnull=True, cancelled_at__isnull=True),
            ),
            # The dashboard orders open incidents by their next pending clock.
            models.Index(
                fields=["incident", "due_at"],
                name="deadline_incident_next",
                condition=models.Q(fired_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M:%S}"

    @property
    def label(self) -> str:
        """Human name of the clock: a known kind's label, else the label its app stored."""
        if self.kind in DeadlineKind.values:
            return str(DeadlineKind(self.kind).label)
        # Apps store their label as the English msgid (gettext_noop): shown translated.
        return gettext(str(self.data.get("label") or self.kind))

    @property
    def is_page_step(self) -> bool:
        """A step of the paging loop (the page at open, a louder step), not a clock that
        people watch: data["page_step"] is true."""
        return bool((self.data or {}).get(PAGE_STEP))

    @property
    def is_pending(self) -> bool:
        return self.fired_at is None and self.cancelled_at is None
