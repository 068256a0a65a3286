from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .choices import OPEN_STATUSES, IncidentSource, IncidentStatus, Severity
from .people import Role

User = settings.AUTH_USER_MODEL
VIEW_RESTRICTED_PERM = "incidents.view_restricted_incident"


class IncidentQuerySet(models.QuerySet["Incident"]):
    def open(self) -> "IncidentQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def locked(
        self, incidents: "Iterable[Incident | int]", *, skip_locked: bool = False
    ) -> "IncidentQuerySet":
        """These incidents with their row locks (SELECT ... FOR UPDATE), in pk order: the
        one lock order every service takes, incident first, then its deadlines. skip_locked
        leaves out those someone else holds (the sweep's way of sharing the work)."""
        ids = {i if isinstance(i, int) else i.pk for i in incidents}
        return self.select_for_update(skip_locked=skip_locked).filter(pk__in=ids).order_by("pk")

    def lock(self, incident: "Incident | int") -> "Incident":
        """This one incident, read again under its row lock: every change to one incident
        (its status, roles, checklist, communications) is serialised on it."""
        return self.locked([incident]).get()

    def visible_to(self, user: Any) -> "IncidentQuerySet":
        """The incidents this user may see: every one for those who may see restricted
        incidents (commanders, managers); otherwise the unrestricted ones and the restricted
        ones they take part in (see incidents.visibility)."""
        if getattr(user, "is_authenticated", False) and user.has_perm(VIEW_RESTRICTED_PERM):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.filter(restricted=False)
        return self.filter(models.Q(restricted=False) | participant_filter(user))


@cache
def _extra_filters(paths: tuple[str, ...]) -> list[Any]:
    return [import_string(path) for path in paths]


def participant_filter(user: Any) -> Q:
    """Incidents this user takes part in, as a filter on Incident (incidents.visibility
    decides who sees what with it)."""
    held_role = Exists(
        IncidentRoleAssignment.objects.filter(incident=OuterRef("pk"), user=user).order_by()
    )
    # Acted on its timeline: acknowledged it, noted, ticked a step, attached its scenario...
    # (TimelineEvent is defined after Incident, in .timeline: reached through the relation.)
    timeline_event: Any = Incident._meta.get_field("timeline").related_model
    acted = Exists(
        timeline_event._default_manager.filter(incident=OuterRef("pk"), actor=user).order_by()
    )
    taking_part = Q(opened_by=user) | Q(held_role) | Q(acted)
    for extra in _extra_filters(tuple(getattr(settings, "INCIDENT_PARTICIPANT_FILTERS", ()))):
        taking_part |= extra(user)
    return taking_part


class Incident(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=2, choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.TRIGGERED
    )
    source = models.CharField(
        _("source"), max_length=20, choices=IncidentSource.choices, default=IncidentSource.MANUAL
    )

    # The policy in force when the incident opened (or last changed severity):
    # later edits to SeverityPolicy never rewrite an incident's history.
    acknowledge_minutes = models.PositiveIntegerField(_("acknowledge SLA (minutes)"))
    engineer_after_minutes = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("engineer after minutes")
    )
    commander_after_minutes = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("commander after minutes")
    )
    backlog_instead_of_engineer = models.BooleanField(
        default=False, verbose_name=_("backlog instead of engineer")
    )
    commander_at_open = models.BooleanField(default=False, verbose_name=_("commander at open"))

    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    clocks_started_at = models.DateTimeField(
        _("clocks started at"),
        null=True,
        blank=True,
        help_text=_("When its clocks last started: the opening, or the last reopening."),
    )
    # When the problem was first seen (a monitoring alert's start), if before it was declared:
    # MTTA and MTTR count from here when it is set, else from opened_at.
    detected_at = models.DateTimeField(_("detected at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # partial index in Meta
        verbose_name=_("opened by"),
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("acknowledged at"))
    acknowledged_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # partial index in Meta
        verbose_name=_("acknowledged by"),
    )
    mitigated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("mitigated at"))
    mitigated_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # partial index in Meta
        verbose_name=_("mitigated by"),
    )
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("resolved at"))
    resolved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # partial index in Meta
        verbose_name=_("resolved by"),
    )
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))
    closed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # partial index in Meta
        verbose_name=_("closed by"),
    )
    backlogged_at = models.DateTimeField(_("moved to backlog at"), null=True, blank=True)
    # A security incident: seen only by commanders, managers and the people taking part.
    restricted = models.BooleanField(_("restricted"), default=False)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        # The people columns are empty on most rows (an alert opens with no one, most
        # incidents are never closed by hand yet): indexed only where set, which still
        # serves every lookup by person and spares each insert five index entries.
        indexes = [
            models.Index(fields=["status", "severity"], name="incident_status_sev"),
            *(
                models.Index(
                    fields=[person],
                    condition=Q(**{f"{person}__isnull": False}),
                    name=f"incident_{person}",
                )
                for person in (
                    "opened_by",
                    "acknowledged_by",
                    "mitigated_by",
                    "resolved_by",
                    "closed_by",
                )
            ),
        ]
        permissions = [
            ("acknowledge_incident", _("Can acknowledge incidents")),
            ("mitigate_incident", _("Can mark incidents mitigated")),
            ("resolve_incident", _("Can resolve incidents")),
            ("add_note", _("Can add notes to incidents")),
            ("change_severity", _("Can change an incident's severity")),
            ("assign_role", _("Can assign roles on incidents")),
            ("close_incident", _("Can close incidents")),
            ("reopen_incident", _("Can reopen incidents")),
            ("view_restricted_incident", _("Can see restricted (security) incidents")),
            ("restrict_incident", _("Can mark incidents restricted")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"INC-{self.pk}"

    @property
    def clocks_start(self) -> "datetime":
        """What its clocks count from: the opening, or the last reopening."""
        return self.clocks_started_at or self.opened_at

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def started_at(self) -> "datetime":
        """Where MTTA and MTTR start: detection when known, else the declaration. Every
        figure of them uses this (or started_at_sql, its SQL), so pages and exports agree."""
        return self.detected_at or self.opened_at

    @staticmethod
    def started_at_sql(alias: str) -> str:
        """started_at in SQL, for the incidents table under `alias`."""
        return f"COALESCE({alias}.detected_at, {alias}.opened_at)"


class IncidentRoleAssignment(models.Model):
    """Who holds a role on one incident. One active holder per role."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("incident")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="+", verbose_name=_("role")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="incident_roles", verbose_name=_("user")
    )
    assigned_at = models.DateTimeField(verbose_name=_("assigned at"))
    assigned_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("assigned by"),
    )
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended at"))

    class Meta:
        ordering = ["role__order", "assigned_at"]
        verbose_name = _("role held on an incident")
        verbose_name_plural = _("roles held on incidents")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_holder_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.role_id} {self.user_id}"
