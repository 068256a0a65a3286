"""What happened to a scenario's checklist on one incident. Runbooks owns the link."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident

from .catalogue import EscalationRule, Scenario, Step

User = settings.AUTH_USER_MODEL


class IncidentRunbook(models.Model):
    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="runbook", verbose_name=_("incident")
    )
    scenario = models.ForeignKey(
        Scenario, on_delete=models.PROTECT, related_name="+", verbose_name=_("scenario")
    )
    attached_at = models.DateTimeField(_("attached at"))
    attached_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("attached by"),
    )
    verification_waived_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("verification waived at")
    )
    verification_waived_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("verification waived by"),
    )
    verification_waiver_reason = models.CharField(
        max_length=500, blank=True, verbose_name=_("verification waiver reason")
    )
    rollback_confirmed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("rollback confirmed at")
    )
    rollback_confirmed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("rollback confirmed by"),
    )
    rollback_confirmation_reason = models.CharField(
        max_length=500, blank=True, verbose_name=_("rollback confirmation reason")
    )
    personal_data_affected = models.BooleanField(
        null=True, blank=True, verbose_name=_("personal data affected")
    )
    personal_data_answered_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("personal data answered at")
    )
    personal_data_answered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("personal data answered by"),
    )
    breach_confirmed_at = models.DateTimeField(_("breach confirmed at"), null=True, blank=True)
    breach_confirmed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("breach confirmed by"),
    )
    anpd_notified_at = models.DateTimeField(_("ANPD notified at"), null=True, blank=True)
    anpd_notified_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("anpd notified by"),
    )
    anpd_protocol = models.CharField(_("ANPD protocol number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("incident runbook")
        verbose_name_plural = _("incident runbooks")
        permissions = [
            ("attach_scenario", _("Can attach a scenario to an incident")),
            ("tick_step", _("Can tick, skip or fail checklist steps")),
            ("run_check", _("Can run a step's health check")),
            ("waive_verification", _("Can waive the verification section")),
            ("confirm_rollback", _("Can confirm a rollback on a do-not-roll-back scenario")),
            ("answer_personal_data", _("Can record whether personal data was affected")),
            ("answer_condition", _("Can answer whether a rule's condition still holds")),
            ("record_anpd_notice", _("Can record the notice to the ANPD")),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} · {self.scenario}"


class StepState(models.TextChoices):
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")


class StepProgress(models.Model):
    """The current state of one step on one incident; its history is on the timeline."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="step_progress", verbose_name=_("incident")
    )
    step = models.ForeignKey(
        Step, on_delete=models.PROTECT, related_name="progress", verbose_name=_("step")
    )
    state = models.CharField(_("state"), max_length=10, choices=StepState.choices)
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("by")
    )
    at = models.DateTimeField(verbose_name=_("at"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        constraints = [
            models.UniqueConstraint(fields=["incident", "step"], name="one_state_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} · {self.step_id}: {self.state}"


class HealthCheckRun(models.Model):
    """One press of Run on a step's HTTP check, with what came back."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="check_runs", verbose_name=_("incident")
    )
    step = models.ForeignKey(
        Step, on_delete=models.PROTECT, related_name="check_runs", verbose_name=_("step")
    )
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("by")
    )
    at = models.DateTimeField(verbose_name=_("at"))
    url = models.CharField(max_length=600, verbose_name=_("url"))
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("status code")
    )
    latency_ms = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("latency ms"))
    passed = models.BooleanField(default=False, verbose_name=_("passed"))
    excerpt = models.TextField(blank=True, verbose_name=_("excerpt"))
    error = models.CharField(max_length=500, blank=True, verbose_name=_("error"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("health check run")
        verbose_name_plural = _("health check runs")

    def __str__(self) -> str:
        return f"{self.url} → {self.status_code or '-'} ({'pass' if self.passed else 'fail'})"


class RuleAnswer(models.Model):
    """The latest answer to a "while" rule's question on one incident ("still down?").
    Every answer, with who gave it, is also on the timeline."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="rule_answers", verbose_name=_("incident")
    )
    rule = models.ForeignKey(
        EscalationRule, on_delete=models.CASCADE, related_name="+", verbose_name=_("rule")
    )
    holds = models.BooleanField(_("condition still holds"))
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("by")
    )
    at = models.DateTimeField(verbose_name=_("at"))

    class Meta:
        verbose_name = _("rule answer")
        verbose_name_plural = _("rule answers")
        constraints = [
            models.UniqueConstraint(fields=["incident", "rule"], name="one_answer_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} · rule {self.rule_id}: {self.holds}"
