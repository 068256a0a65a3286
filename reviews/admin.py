from django.contrib import admin

from .models import ActionItem, Review, ReviewAmendment


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ["title", "owner", "due_date", "priority", "type", "status"]
    raw_id_fields = ["owner"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["incident", "status", "owner", "created_at", "published_at"]
    list_filter = ["status", "cause"]
    raw_id_fields = ["incident", "owner", "updated_by", "approved_by", "published_by"]
    inlines = [ActionItemInline]


admin.site.register(ReviewAmendment)
