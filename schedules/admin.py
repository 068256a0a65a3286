from django.contrib import admin

from .models import Override, Rotation, RotationMember, ScheduleEvent


class MemberInline(admin.TabularInline):
    model = RotationMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Rotation)
class RotationAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "layer", "length", "handoff_time", "timezone", "start_date"]
    list_filter = ["role"]
    inlines = [MemberInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # through the schedule pages: they validate and keep the audit trail

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Override)
class OverrideAdmin(admin.ModelAdmin):
    list_display = ["role", "user", "starts_at", "ends_at", "created_by", "cancelled_at"]
    list_filter = ["role"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ScheduleEvent)
class ScheduleEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "role", "actor"]
    list_filter = ["kind", "role"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
