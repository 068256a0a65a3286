from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident

from .choices import ReviewCause, ReviewStatus

User = settings.AUTH_USER_MODEL

# The playbook's post-mortem sections written as Markdown, in the template's order.
TEXT_SECTIONS = ("root_cause", "resolution", "went_well", "went_wrong")


class ReviewQuerySet(models.QuerySet["Review"]):
    def for_page(self) -> "ReviewQuerySet":
        return self.select_related(
            "incident", "owner", "updated_by", "approved_by", "published_by", "meeting_recorded_by"
        )


class Review(models.Model):
    """The blameless post-incident review of one incident (the playbook's post-mortem).

    Its three clocks (draft, meeting, action items) are incidents.Deadline rows; `version`
    is the optimistic lock the editor's autosave checks."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="review", verbose_name=_("incident")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    cause = models.CharField(_("why a review"), max_length=12, choices=ReviewCause.choices)
    owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="reviews_owned",
        null=True,
        blank=True,
        verbose_name=_("owner"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created at"))

    timeline = models.JSONField(_("timeline"), default=list, blank=True)
    users_affected = models.CharField(_("users affected"), max_length=200, blank=True)
    downtime_minutes = models.PositiveIntegerField(_("downtime (minutes)"), null=True, blank=True)
    data_loss = models.CharField(_("data loss"), max_length=500, blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    went_wrong = models.TextField(_("what went wrong"), blank=True)

    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("updated by"),
    )
    submitted_at = models.DateTimeField(_("draft submitted at"), null=True, blank=True)
    meeting_at = models.DateTimeField(_("review meeting held at"), null=True, blank=True)
    meeting_attendees: models.ManyToManyField = models.ManyToManyField(
        User,
        related_name="+",
        blank=True,
        verbose_name=_("meeting attendees"),
    )
    meeting_recorded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("meeting recorded by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("published by"),
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("post-incident review")
        verbose_name_plural = _("post-incident reviews")
        indexes = [models.Index(fields=["status", "created_at"], name="review_status_created")]
        permissions = [
            ("write_review", _("Can write reviews and action items of incidents taken part in")),
            ("request_review", _("Can ask for a review of any incident")),
            ("approve_review", _("Can approve and publish reviews")),
            ("view_reports", _("Can see the manager's console")),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} · {self.get_status_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED


class ReviewAmendment(models.Model):
    """A correction to a published review: the review stays as published, this is added."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("review")
    )
    text = models.TextField(_("correction"))
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(verbose_name=_("at"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review amendment")
        verbose_name_plural = _("review amendments")

    def __str__(self) -> str:
        return f"{self.review_id} @ {self.at:%Y-%m-%d %H:%M}"
