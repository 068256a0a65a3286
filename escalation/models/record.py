from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Deadline, Incident


class EscalationRecord(models.Model):
    """What the sweep did when one deadline came due. Written in the same
    transaction as the claim on the deadline and the handler's own writes.

    The unique (incident, level, due_at) is the second guard behind the
    conditional update on Deadline.fired_at: whatever goes wrong, one level of
    one incident fires once. (due_at is in the key so a recurring clock that an
    app re-arms, e.g. the next stakeholder update, can fire again.)
    """

    incident = models.ForeignKey(  # one_escalation_per_level leads with it: no index of its own
        Incident,
        on_delete=models.CASCADE,
        related_name="escalation_records",
        db_index=False,
        verbose_name=_("incident"),
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deadline"),
    )
    level = models.CharField(_("level"), max_length=60)
    due_at = models.DateTimeField(_("due at"))
    fired_at = models.DateTimeField(_("fired at"))
    paged = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who was paged, if anyone."),
        verbose_name=_("paged"),
    )
    summary = models.CharField(_("what happened"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))

    class Meta:
        ordering = ["fired_at", "id"]
        verbose_name = _("escalation record")
        verbose_name_plural = _("escalation records")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "level", "due_at"], name="one_escalation_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.level} @ {self.fired_at:%Y-%m-%d %H:%M:%S}"
