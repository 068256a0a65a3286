"""The quick reference page's data, editable in the admin, seeded from the playbook."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceKind(models.TextChoices):
    COMMAND = "command", _("Emergency command")
    DASHBOARD = "dashboard", _("Service and dashboard link")
    STATUS_PAGE = "status_page", _("External status page")
    CONTACT = "contact", _("Contact")


class QuickReferenceItem(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ReferenceKind.choices)
    label = models.CharField(_("label"), max_length=200)
    value = models.TextField(_("command or text"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "order", "label"]
        verbose_name = _("quick reference item")
        verbose_name_plural = _("quick reference")
        constraints = [
            models.UniqueConstraint(fields=["kind", "label"], name="reference_label_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class PlaybookImport(models.Model):
    """One run of import_playbook: what came in, and the parts other apps may read."""

    source_file = models.CharField(max_length=300, verbose_name=_("source file"))
    title = models.CharField(max_length=300, blank=True, verbose_name=_("title"))
    repaired_encoding = models.CharField(
        max_length=20, blank=True, verbose_name=_("repaired encoding")
    )
    scenario_count = models.PositiveIntegerField(default=0, verbose_name=_("scenario count"))
    extras = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Severities, templates, review process, contacts."),
        verbose_name=_("extras"),
    )
    imported_at = models.DateTimeField(verbose_name=_("imported at"))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("playbook import")
        verbose_name_plural = _("playbook imports")

    def __str__(self) -> str:
        return f"{self.source_file} @ {self.imported_at:%Y-%m-%d %H:%M}"
