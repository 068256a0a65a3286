"""Who may do what. Views check these permissions; templates only hide buttons."""

from dataclasses import dataclass, field
from functools import cache, wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

RESPONDER = "Responder"
COMMANDER = "Commander"
MANAGER = "Manager"

_RESPONDER_PERMS = [
    "incidents.view_incident",
    "incidents.add_incident",
    "incidents.acknowledge_incident",
    "incidents.mitigate_incident",
    "incidents.resolve_incident",
    "incidents.add_note",
]


@dataclass(frozen=True)
class AppPermissions:
    """What one app grants each shipped group, and why a refusal is refused (its 403 text).
    Each app declares one and lists it in settings.GROUP_PERMISSIONS."""

    groups: dict[str, list[str]] = field(default_factory=dict)  # group -> ["app.codename"]
    why: dict[str, Any] = field(default_factory=dict)  # "app.codename" -> lazy text


PERMISSIONS = AppPermissions(
    groups={
        RESPONDER: _RESPONDER_PERMS,
        COMMANDER: [
            *_RESPONDER_PERMS,
            "incidents.change_severity",
            "incidents.assign_role",
            "incidents.close_incident",
            "incidents.reopen_incident",
            "incidents.view_restricted_incident",
            "incidents.restrict_incident",
        ],
        MANAGER: ["incidents.view_incident", "incidents.view_restricted_incident"],
    },
    why={
        "incidents.view_incident": _("Only members of the incident team can see incidents."),
        "incidents.add_incident": _("Only responders and commanders can declare incidents."),
        "incidents.acknowledge_incident": _("Only responders and commanders can acknowledge."),
        "incidents.mitigate_incident": _(
            "Only responders and commanders can mark an incident mitigated."
        ),
        "incidents.resolve_incident": _("Only responders and commanders can resolve incidents."),
        "incidents.add_note": _("Only responders and commanders can add notes."),
        "incidents.change_severity": _("Only incident commanders can change the severity."),
        "incidents.assign_role": _("Only incident commanders can assign and remove roles."),
        "incidents.close_incident": _("Only incident commanders can close incidents."),
        "incidents.reopen_incident": _("Only incident commanders can reopen incidents."),
        "incidents.view_restricted_incident": _(
            "Only commanders, managers and the people taking part can see restricted incidents."
        ),
        "incidents.restrict_incident": _("Only incident commanders can restrict an incident."),
    },
)


@cache
def _declared(paths: tuple[str, ...]) -> AppPermissions:
    merged = AppPermissions()
    for path in paths:
        declared: AppPermissions = import_string(path)
        for group, perms in declared.groups.items():
            merged.groups.setdefault(group, []).extend(perms)
        merged.why.update(declared.why)
    return merged


def declared_permissions() -> AppPermissions:
    """Every app's AppPermissions (settings.GROUP_PERMISSIONS), merged."""
    return _declared(tuple(getattr(settings, "GROUP_PERMISSIONS", ())))


def check_perm(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        why = declared_permissions().why.get(perm, _("You are not allowed to do this."))
        raise PermissionDenied(why)


def permission_required(perm: str):  # type: ignore[no-untyped-def]
    """Like Django's, but the 403 page says why instead of redirecting to login."""

    def decorator(view):  # type: ignore[no-untyped-def]
        @wraps(view)
        def wrapped(request, *args, **kwargs):  # type: ignore[no-untyped-def]
            check_perm(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
