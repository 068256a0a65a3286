from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import Scenario


class ScenarioTranslation(models.Model):
    """A scenario as the playbook in another language words it: written when the second
    language's playbook is imported, shown to viewers of that language. Steps are keyed by
    the key of the step they translate (matched on section and place in it), rules by their
    order."""

    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("scenario"),
    )
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    symptoms = models.JSONField(_("symptoms"), default=list, blank=True)
    steps = models.JSONField(_("steps"), default=dict, blank=True)
    rules = models.JSONField(_("escalation rules"), default=dict, blank=True)

    class Meta:
        verbose_name = _("scenario translation")
        verbose_name_plural = _("scenario translations")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} ({self.language}): {self.title}"
