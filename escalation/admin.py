from django.contrib import admin

from .models import OnCallShift


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ["role", "user", "starts_at", "ends_at"]
    list_filter = ["role"]
