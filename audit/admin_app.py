from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    """django.contrib.admin with audit.site.AuditedAdminSite as its site (INSTALLED_APPS)."""

    default_site = "audit.site.AuditedAdminSite"
