"""The admin site, recording every add, change and delete of the models listed in
settings.AUDITED_MODELS (audit.services), whichever app registered their admin."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .models import AuditAction
from .services import audit_record, is_audited, snapshot


def _befores(request: HttpRequest) -> dict[tuple[str, str], dict[str, Any]]:
    if not hasattr(request, "_audit_before"):
        request._audit_before = {}  # type: ignore[attr-defined]
    return request._audit_before  # type: ignore[attr-defined]


def _key(obj: Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


class AuditedModelAdmin(admin.ModelAdmin):
    """Mixed into an audited model's admin: the object as loaded is 'before'; Django's own
    log_* calls (after save, m2m included, or before a delete) write the entry."""

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            _befores(request).setdefault(_key(obj), snapshot(obj))
        return obj

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and _key(obj) not in _befores(request):  # list_editable: not loaded alone
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                _befores(request)[_key(obj)] = snapshot(stored)
        super().save_model(request, obj, form, change)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        audit_record(
            actor=request.user, action=AuditAction.ADD, obj=obj, before=None, after=snapshot(obj)
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        before = _befores(request).pop(_key(obj), None)
        audit_record(
            actor=request.user,
            action=AuditAction.CHANGE,
            obj=obj,
            before=before,
            after=snapshot(obj),
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            audit_record(
                actor=request.user,
                action=AuditAction.DELETE,
                obj=obj,
                before=snapshot(obj),
                after=None,
            )
        return super().log_deletions(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    """Every ModelAdmin registered for an audited model gets AuditedModelAdmin mixed in."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        for model in models:
            base = admin_class or admin.ModelAdmin
            if is_audited(model) and not issubclass(base, AuditedModelAdmin):
                audited = type(f"Audited{base.__name__}", (AuditedModelAdmin, base), {})
                super().register(model, audited, **options)
            else:
                super().register(model, admin_class, **options)
