from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class AudienceList(models.Model):
    """Who receives a stakeholder message: people, extra addresses, a Slack channel.

    Kept in the admin (users, stakeholders, product owner, #alerts-production...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("members"),
        help_text=_("Their email (and phone when SMS is on) come from their account."),
    )
    emails = models.TextField(_("other email addresses"), blank=True, help_text=_("One a line."))
    phones = models.TextField(_("other phone numbers"), blank=True, help_text=_("One a line."))
    send_sms = models.BooleanField(_("also send SMS"), default=False)
    slack_channel = models.CharField(
        _("Slack channel"),
        max_length=80,
        blank=True,
        help_text=_("e.g. #alerts-production; posted through the configured Slack webhook."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("audience list")
        verbose_name_plural = _("audience lists")

    def __str__(self) -> str:
        return self.name

    def email_addresses(self) -> list[str]:
        found = [m.email for m in self.members.all() if m.email]
        return found + _lines(self.emails)

    def phone_numbers(self) -> list[str]:
        if not self.send_sms:
            return []
        found = []
        for member in self.members.all():
            profile = getattr(member, "profile", None)
            if profile is not None and profile.phone:
                found.append(profile.phone)
        return found + _lines(self.phones)
