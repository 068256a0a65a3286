from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class ReviewCause(models.TextChoices):
    SEVERITY = "severity", _("Mandatory for its severity")
    RECURRENCE = "recurrence", _("Its problem recurred more than twice in 30 days")
    REQUESTED = "requested", _("Requested by a commander")


class ActionItemType(models.TextChoices):
    DETECTIVE = "detective", _("Detective")
    PREVENTIVE = "preventive", _("Preventive")
    CORRECTIVE = "corrective", _("Corrective")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item", "Open")
    DONE = "done", _("Done")
    WONT_DO = "wont_do", _("Won't do")


class ActionItemPriority(models.TextChoices):
    P0 = "P0", "P0"
    P1 = "P1", "P1"
    P2 = "P2", "P2"
