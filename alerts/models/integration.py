"""Integrations (a monitor allowed to open incidents) and their routing rules. Data, not code."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Severity

DEFAULT_SEVERITY_MAP = {"critical": "P0", "error": "P1", "warning": "P2", "info": "P3"}


def default_severity_map() -> dict[str, str]:
    return dict(DEFAULT_SEVERITY_MAP)


class IntegrationKind(models.TextChoices):
    ALERTMANAGER = "alertmanager", _("Prometheus Alertmanager")
    GRAFANA = "grafana", _("Grafana alerting")
    EVENTS = "events", _("Events API v2 (PagerDuty shape)")


ENDPOINT_PATHS = {
    IntegrationKind.ALERTMANAGER: "/api/v1/alerts/alertmanager",
    IntegrationKind.GRAFANA: "/api/v1/alerts/grafana",
    IntegrationKind.EVENTS: "/api/v1/events",
}


class GroupBy(models.TextChoices):
    FINGERPRINT = "fingerprint", _("One incident per alert (fingerprint)")
    GROUP_KEY = "group_key", _("One incident per Alertmanager group (groupKey)")


class Integration(models.Model):
    name = models.SlugField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IntegrationKind.choices)
    # SHA-256 of the token (hex). The token itself is shown once and never stored.
    token_hash = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("token hash")
    )
    token_rotated_at = models.DateTimeField(_("token issued at"))
    is_active = models.BooleanField(_("active"), default=True)
    group_by = models.CharField(
        _("grouping"), max_length=20, choices=GroupBy.choices, default=GroupBy.FINGERPRINT
    )
    default_severity = models.CharField(
        _("default severity"), max_length=2, choices=Severity.choices, default=Severity.P2
    )
    severity_map = models.JSONField(
        _("severity label map"),
        default=default_severity_map,
        help_text=_("The alert's severity label (or Events v2 severity) to P0-P3."),
    )
    default_scenario = models.ForeignKey(
        "runbooks.Scenario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default scenario"),
    )
    default_service = models.CharField(_("default service"), max_length=100, blank=True)
    mitigate_when_resolved = models.BooleanField(
        _("mark mitigated when every alert is resolved"), default=False
    )
    rate_limit_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    # Grafana's optional HMAC signature. The secret must be readable to check signatures.
    hmac_secret = models.CharField(_("HMAC secret"), max_length=200, blank=True)
    hmac_signature_header = models.CharField(
        _("signature header"), max_length=100, default="X-Grafana-Alerting-Signature"
    )
    hmac_timestamp_header = models.CharField(
        _("timestamp header"), max_length=100, default="X-Grafana-Alerting-Timestamp"
    )
    # The last delivery refused after the token was recognised (what a monitor's owner
    # needs to see when nothing arrives): time, status and error.
    last_rejected_at = models.DateTimeField(_("last refused at"), null=True, blank=True)
    last_rejection = models.CharField(_("last refusal"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        permissions = [("manage_integrations", _("Can manage alert integrations"))]

    def __str__(self) -> str:
        return self.name

    @property
    def endpoint_path(self) -> str:
        return ENDPOINT_PATHS[IntegrationKind(self.kind)]


class MatchOperator(models.TextChoices):
    EQUALS = "equals", _("equals")
    REGEX = "regex", _("matches regex")


class RoutingRule(models.Model):
    """If label `label` equals / fully matches `value`, set what is not blank. First match wins."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="rules", verbose_name=_("integration")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=100)
    operator = models.CharField(
        _("operator"), max_length=10, choices=MatchOperator.choices, default=MatchOperator.EQUALS
    )
    value = models.CharField(_("value"), max_length=200)
    severity = models.CharField(_("severity"), max_length=2, choices=Severity.choices, blank=True)
    scenario = models.ForeignKey(
        "runbooks.Scenario",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scenario"),
    )
    service = models.CharField(_("service"), max_length=100, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        sign = "=~" if self.operator == MatchOperator.REGEX else "="
        return f"{self.label} {sign} {self.value}"

    def clean(self) -> None:
        if self.operator == MatchOperator.REGEX:
            try:
                re.compile(self.value)
            except re.error as exc:
                raise ValidationError({"value": _("Not a valid regex: %s") % exc}) from None
        if not (self.severity or self.scenario_id or self.service):
            raise ValidationError(_("A rule must set a severity, a scenario or a service."))

    def matches(self, labels: dict[str, str]) -> bool:
        actual = labels.get(self.label)
        if actual is None:
            return False
        if self.operator == MatchOperator.EQUALS:
            return actual == self.value
        try:
            return re.fullmatch(self.value, actual) is not None
        except re.error:
            return False
