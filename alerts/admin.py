from django.contrib import admin

from .models import Alert, AlertGroup, Integration, RoutingRule


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 0


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    """Tokens are issued on the integration page (or create_integration): never here."""

    list_display = ("name", "kind", "is_active", "group_by", "default_severity", "token_rotated_at")
    list_filter = ("kind", "is_active")
    exclude = ("token_hash",)
    readonly_fields = ("token_rotated_at", "last_rejected_at", "last_rejection", "created_by")
    inlines = [RoutingRuleInline]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


class AlertInline(admin.TabularInline):
    model = Alert
    extra = 0
    fields = ("fingerprint", "status", "title", "received_at")
    readonly_fields = fields


@admin.register(AlertGroup)
class AlertGroupAdmin(admin.ModelAdmin):
    list_display = ("integration", "dedup_key", "incident", "is_open", "count", "last_seen_at")
    list_filter = ("integration", "is_open")
    search_fields = ("dedup_key",)
    raw_id_fields = ("incident", "previous")
    inlines = [AlertInline]
