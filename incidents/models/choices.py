from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    P0 = "P0", _("P0 · Critical")
    P1 = "P1", _("P1 · High")
    P2 = "P2", _("P2 · Medium")
    P3 = "P3", _("P3 · Low")


class IncidentStatus(models.TextChoices):
    TRIGGERED = "triggered", _("Triggered")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    MITIGATED = "mitigated", _("Mitigated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    IncidentStatus.TRIGGERED,
    IncidentStatus.ACKNOWLEDGED,
    IncidentStatus.MITIGATED,
)


class IncidentSource(models.TextChoices):
    MANUAL = "manual", _("Declared by a person")
    MONITORING = "monitoring", _("Monitoring alert")
    USER_REPORT = "user_report", _("User report")
    DEPLOY = "deploy", _("Deploy")
    API = "api", _("API")


class RoleKey(models.TextChoices):
    FIRST_RESPONDER = "first_responder", _("First Responder")
    ESCALATION_ENGINEER = "escalation_engineer", _("Escalation Engineer")
    INCIDENT_COMMANDER = "incident_commander", _("Incident Commander")
    PRODUCT_OWNER = "product_owner", _("Product Owner")
    SECURITY_SPECIALIST = "security_specialist", _("Security specialist")
    LEGAL = "legal", _("Legal")


class DeadlineKind(models.TextChoices):
    FIRST_PAGE = "first_page", _("First Responder paged at")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge by")
    ESCALATION_ENGINEER = "escalation_engineer", _("Escalation Engineer at")
    INCIDENT_COMMANDER = "incident_commander", _("Incident Commander at")
    BACKLOG = "backlog", _("Moved to backlog at")
    # An incident opened by a writer that must answer in milliseconds (alert intake): its
    # clocks and declare hooks are added by the sweep a moment later, exactly once.
    DECLARE = "declare", _("Clocks started at")
