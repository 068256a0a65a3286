from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")

    def ready(self) -> None:
        from notifications.messages import REASONS

        from .cadence import register_sweep_handler

        register_sweep_handler()
        # How the outbox names our reasons in pages and in its paging log.
        REASONS.setdefault("stakeholder_update_overdue", _("stakeholder update overdue"))
        REASONS.setdefault("communication_sent", _("stakeholder communication"))
