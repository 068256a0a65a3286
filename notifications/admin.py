from django.contrib import admin

from .models import DeliveryAttempt, Notification


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "at", "outcome", "http_status", "error", "duration_ms"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["key", "incident", "user", "channel", "status", "attempts", "created_at"]
    list_filter = ["status", "channel"]
    search_fields = ["key", "reason"]
    raw_id_fields = ["incident", "user", "root"]
    inlines = [DeliveryAttemptInline]
