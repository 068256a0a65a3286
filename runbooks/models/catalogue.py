"""Scenarios as imported from a playbook: their steps, escalation rules and checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Severity


class Section(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    IMMEDIATE_ACTION = "immediate_action", _("Immediate action")
    ROOT_CAUSE = "root_cause", _("Root-cause fix")
    VERIFICATION = "verification", _("Verification")
    ROLLBACK = "rollback", _("Rollback plan")
    POST_INCIDENT = "post_incident", _("After the incident")


SECTION_ORDER = [
    Section.DIAGNOSIS,
    Section.IMMEDIATE_ACTION,
    Section.ROOT_CAUSE,
    Section.VERIFICATION,
    Section.ROLLBACK,
    Section.POST_INCIDENT,
]


class ServiceEndpoint(models.Model):
    """Service catalogue: where a step's health check goes. Kept in the admin.

    A check's URL is always this base URL plus the path written in the playbook,
    never anything a user typed.
    """

    name = models.SlugField(_("name"), max_length=60, unique=True)
    base_url = models.URLField(_("base URL"), max_length=300)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("service catalogue")

    def __str__(self) -> str:
        return f"{self.name} → {self.base_url}"

    def url_for(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


class Scenario(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    severity = models.CharField(_("default severity"), max_length=2, choices=Severity.choices)
    description = models.TextField(_("description"), blank=True)
    symptoms = models.JSONField(_("symptoms"), default=list, blank=True)
    rollback_blocked = models.BooleanField(
        _("do not roll back before the investigation"),
        default=False,
        help_text=_("Set by the importer when the rollback plan says not to roll back."),
    )
    source_file = models.CharField(_("imported from"), max_length=300, blank=True)
    source_line = models.PositiveIntegerField(default=0, verbose_name=_("source line"))
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The playbook language of this text; another language is a translation."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Step(models.Model):
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="steps", verbose_name=_("scenario")
    )
    key = models.CharField(
        max_length=200,
        help_text=_("Stable across re-imports: progress is matched on it."),
        verbose_name=_("key"),
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    case = models.CharField(_("case"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    details = models.JSONField(default=list, blank=True, verbose_name=_("details"))
    command = models.TextField(_("command"), blank=True)
    check_service = models.CharField(_("check service"), max_length=60, blank=True)
    check_path = models.CharField(_("check path"), max_length=300, blank=True)
    check_expect_status = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("check expect status")
    )
    check_expect_json = models.JSONField(null=True, blank=True, verbose_name=_("check expect json"))
    retired = models.BooleanField(
        default=False,
        help_text=_("Gone from the playbook but kept for incidents that used it."),
        verbose_name=_("retired"),
    )

    class Meta:
        ordering = ["scenario", "order"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "key"], name="step_key_per_scenario")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def has_check(self) -> bool:
        return bool(self.check_path)


class RuleTarget(models.TextChoices):
    ESCALATION_ENGINEER = "escalation_engineer", _("Escalation Engineer")
    INCIDENT_COMMANDER = "incident_commander", _("Incident Commander")
    SECURITY_SPECIALIST = "security_specialist", _("Security specialist")
    LEGAL = "legal", _("Legal")
    BACKLOG = "backlog", _("Backlog")


class ConditionKind(models.TextChoices):
    """What makes a rule fire, typed by the importer (runbooks.playbook.model)."""

    AFTER_MINUTES = "after_minutes", _("after N minutes")
    IMMEDIATE = "immediate", _("immediately")
    RECURRENCE = "recurrence", _("when it recurs")
    ROLLBACK_FAILED = "rollback_failed", _("when a rollback fails")
    BREACH_CONFIRMED = "breach_confirmed", _("when the breach is confirmed")
    WHILE = "while", _("at N minutes, while the condition holds")


class EscalationRule(models.Model):
    """One escalation bullet of a scenario, as data. Exactly one trigger is set."""

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="rules", verbose_name=_("scenario")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    after_minutes = models.PositiveIntegerField(_("after (minutes)"), null=True, blank=True)
    immediate = models.BooleanField(_("immediately"), default=False)
    recurrence_count = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("recurrence count")
    )
    recurrence_window_minutes = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("recurrence window minutes")
    )
    recurrence_operator = models.CharField(
        max_length=2, default=">", blank=True, verbose_name=_("recurrence operator")
    )
    condition = models.CharField(_("condition"), max_length=300, blank=True)
    kind = models.CharField(
        _("fires"), max_length=20, choices=ConditionKind.choices, default=ConditionKind.IMMEDIATE
    )
    target = models.CharField(_("target"), max_length=30, choices=RuleTarget.choices)
    action = models.CharField(_("action"), max_length=20, default="escalate")
    also = models.JSONField(default=list, blank=True, verbose_name=_("also"))
    also_roles = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Other roles paged with the target."),
        verbose_name=_("also roles"),
    )
    step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checklist step that ends the condition"),
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["scenario", "order"]
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "order"], name="rule_order_per_scenario")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_recurrence(self) -> bool:
        return self.recurrence_count is not None

    @property
    def on_rollback_failure(self) -> bool:
        return self.kind == ConditionKind.ROLLBACK_FAILED

    @property
    def on_breach_confirmed(self) -> bool:
        return self.kind == ConditionKind.BREACH_CONFIRMED

    @property
    def is_while(self) -> bool:
        return self.kind == ConditionKind.WHILE

    def recurrence_exceeded(self, count: int) -> bool:
        if self.recurrence_count is None:
            return False
        if self.recurrence_operator == ">=":
            return count >= self.recurrence_count
        return count > self.recurrence_count
