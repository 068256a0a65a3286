"""The notice to the data-protection authority (LGPD art. 48 par. 1), kept per incident."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident

# The fields LGPD art. 48 par. 1 asks a notice to carry, in order.
NOTICE_FIELDS = (
    "nature_of_data",
    "data_subjects",
    "security_measures",
    "risks",
    "delay_reasons",
    "measures_taken",
)


class AuthorityNotice(models.Model):
    incident = models.OneToOneField(
        Incident,
        on_delete=models.CASCADE,
        related_name="authority_notice",
        verbose_name=_("incident"),
    )
    nature_of_data = models.TextField(_("nature of the personal data affected"), blank=True)
    data_subjects = models.TextField(_("data subjects involved"), blank=True)
    security_measures = models.TextField(
        _("technical and security measures used to protect the data"), blank=True
    )
    risks = models.TextField(_("risks related to the incident"), blank=True)
    delay_reasons = models.TextField(_("reasons for any delay in notifying"), blank=True)
    measures_taken = models.TextField(
        _("measures taken or planned to reverse or reduce the harm"), blank=True
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("notice to the ANPD")
        verbose_name_plural = _("notices to the ANPD")

    def __str__(self) -> str:
        return f"{self.incident_id} ANPD notice"
