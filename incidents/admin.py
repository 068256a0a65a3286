from django.contrib import admin

from .models import (
    Deadline,
    Incident,
    IncidentRoleAssignment,
    Profile,
    Role,
    SeverityPolicy,
    TimelineEvent,
)


@admin.register(SeverityPolicy)
class SeverityPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "severity",
        "meaning_pt_br",
        "acknowledge_minutes",
        "engineer_multiplier",
        "commander_multiplier",
        "backlog_instead_of_engineer",
        "commander_at_open",
    ]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["key", "name_pt_br", "name_en", "order"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "phone", "slack_handle", "timezone", "language"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Incidents change only through services, so the admin shows them read-only."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class TimelineInline(admin.TabularInline):
    model = TimelineEvent
    fields = ("created_at", "kind", "actor", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "severity", "status", "opened_at", "acknowledged_by"]
    list_filter = ["severity", "status", "source"]
    search_fields = ["title"]
    inlines = [TimelineInline]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["incident", "kind", "due_at", "fired_at", "cancelled_at"]
    list_filter = ["kind"]


@admin.register(IncidentRoleAssignment)
class IncidentRoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["incident", "role", "user", "assigned_at", "ended_at"]
