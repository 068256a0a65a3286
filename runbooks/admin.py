from django.contrib import admin

from .models import (
    EscalationRule,
    HealthCheckRun,
    IncidentRunbook,
    PlaybookImport,
    QuickReferenceItem,
    Scenario,
    ScenarioTranslation,
    ServiceEndpoint,
    Step,
)

STEP_FIELDS: list[str] = [
    "order",
    "section",
    "case",
    "text",
    "command",
    "check_service",
    "check_path",
    "retired",
]
RULE_FIELDS: list[str] = [
    "order", "after_minutes", "immediate", "recurrence_count", "recurrence_window_minutes",
    "condition", "target", "action", "text",
]  # fmt: skip


@admin.register(ServiceEndpoint)
class ServiceEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "base_url", "description"]
    search_fields = ["name", "base_url"]


@admin.register(QuickReferenceItem)
class QuickReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "order", "url"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["label", "value"]


class StepInline(admin.TabularInline):
    """Steps come from the playbook (import_playbook); edit the Markdown, then re-import."""

    model = Step
    fields = STEP_FIELDS  # type: ignore[assignment]
    readonly_fields = STEP_FIELDS
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class RuleInline(admin.TabularInline):
    model = EscalationRule
    fields = RULE_FIELDS  # type: ignore[assignment]
    readonly_fields = RULE_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class TranslationInline(admin.TabularInline):
    """The other playbook's wording; re-import that playbook to change it."""

    model = ScenarioTranslation
    fields = readonly_fields = ["language", "title"]  # type: ignore[assignment]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "severity", "rollback_blocked", "imported_at"]
    readonly_fields = ["number", "language", "source_file", "source_line", "imported_at"]
    inlines = [StepInline, RuleInline, TranslationInline]


@admin.register(PlaybookImport)
class PlaybookImportAdmin(admin.ModelAdmin):
    list_display = ["source_file", "title", "scenario_count", "repaired_encoding", "imported_at"]
    readonly_fields = [f.name for f in PlaybookImport._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(IncidentRunbook)
class IncidentRunbookAdmin(admin.ModelAdmin):
    list_display = ["incident", "scenario", "attached_at", "verification_waived_at"]
    readonly_fields = [f.name for f in IncidentRunbook._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(HealthCheckRun)
class HealthCheckRunAdmin(admin.ModelAdmin):
    list_display = ["incident", "step", "url", "status_code", "latency_ms", "passed", "at"]
    readonly_fields = [f.name for f in HealthCheckRun._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
