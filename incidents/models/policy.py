from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import Severity


class SeverityPolicy(models.Model):
    """The live escalation matrix. Incidents copy these values when they open."""

    severity = models.CharField(_("severity"), max_length=2, choices=Severity.choices, unique=True)
    meaning_pt_br = models.CharField(_("meaning (Portuguese)"), max_length=200)
    meaning_en = models.CharField(_("meaning (English)"), max_length=200)
    acknowledge_minutes = models.PositiveIntegerField(_("acknowledge within (minutes)"))
    engineer_multiplier = models.DecimalField(
        _("Escalation Engineer at (x SLA)"), max_digits=4, decimal_places=2, default=Decimal(2)
    )
    commander_multiplier = models.DecimalField(
        _("Incident Commander at (x SLA)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when this severity never reaches the Incident Commander."),
    )
    backlog_instead_of_engineer = models.BooleanField(
        _("move to backlog instead of escalating"),
        default=False,
        help_text=_("At the Escalation Engineer multiplier the incident goes to the backlog."),
    )
    commander_at_open = models.BooleanField(
        _("Incident Commander joins when it opens"), default=False
    )

    class Meta:
        ordering = ["severity"]
        verbose_name = _("severity policy")
        verbose_name_plural = _("severity policies")

    def __str__(self) -> str:
        return f"{self.severity} · {self.meaning}"

    @property
    def meaning(self) -> str:
        return self.meaning_en if (get_language() or "").startswith("en") else self.meaning_pt_br

    def minutes_at(self, multiplier: Decimal | None) -> int | None:
        if multiplier is None:
            return None
        return int(self.acknowledge_minutes * multiplier)

    @property
    def engineer_minutes(self) -> int | None:
        return self.minutes_at(self.engineer_multiplier)

    @property
    def commander_minutes(self) -> int | None:
        return self.minutes_at(self.commander_multiplier)
