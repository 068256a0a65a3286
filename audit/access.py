from django.utils.translation import gettext_lazy as _

from incidents.access import MANAGER, AppPermissions

PERMISSIONS = AppPermissions(
    groups={MANAGER: ["audit.view_auditentry"]},
    why={"audit.view_auditentry": _("Only managers can read the audit log.")},
)
