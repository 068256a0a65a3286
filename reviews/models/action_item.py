from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ActionItemPriority, ActionItemStatus, ActionItemType
from .review import Review

User = settings.AUTH_USER_MODEL


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> "ActionItemQuerySet":
        return self.filter(status=ActionItemStatus.OPEN)


class ActionItem(models.Model):
    """One thing to change so the incident does not happen again (or is seen sooner)."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("review")
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"))
    priority = models.CharField(
        _("priority"), max_length=2, choices=ActionItemPriority.choices, default="P2"
    )
    type = models.CharField(
        _("type"), max_length=12, choices=ActionItemType.choices, default=ActionItemType.PREVENTIVE
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    wont_do_reason = models.CharField(_("why not"), max_length=500, blank=True)
    tracker_url = models.URLField(_("tracker link"), max_length=500, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"))
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))
    closed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("closed by"),
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(
                fields=["owner", "due_date"],
                name="action_item_open_owner",
                condition=models.Q(status="open"),
            ),
            models.Index(fields=["status", "created_at"], name="action_item_status_age"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ActionItemStatus.OPEN
