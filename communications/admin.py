from django.contrib import admin

from .models import (
    AudienceList,
    CadencePolicy,
    IncidentComms,
    MessageTemplate,
    PublicUpdate,
    SentCommunication,
)
from .status_cache import invalidate_status_page


class ClearsStatusPage(admin.ModelAdmin):
    """What the public status page shows: an admin edit clears its cache at once."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        invalidate_status_page()

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        super().delete_model(request, obj)
        invalidate_status_page()

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        super().delete_queryset(request, queryset)
        invalidate_status_page()


@admin.register(AudienceList)
class AudienceListAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "slack_channel", "send_sms", "order"]
    filter_horizontal = ["members"]


@admin.register(CadencePolicy)
class CadencePolicyAdmin(admin.ModelAdmin):
    list_display = ["severity", "update_every_minutes"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "language", "updated_at", "updated_by"]
    list_filter = ["kind", "language"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(IncidentComms)
class IncidentCommsAdmin(ClearsStatusPage):
    list_display = ["incident", "public", "public_title", "forecast", "updated_at"]
    raw_id_fields = ["incident"]


@admin.register(SentCommunication)
class SentCommunicationAdmin(admin.ModelAdmin):
    list_display = ["incident", "kind", "language", "sent_by", "sent_at"]
    readonly_fields = [f.name for f in SentCommunication._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(PublicUpdate)
class PublicUpdateAdmin(ClearsStatusPage):
    list_display = ["incident", "kind", "published_at"]
    raw_id_fields = ["incident"]
