"""Idempotent loading of the shipped policy, roles and access groups."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .access import GROUP_PERMISSIONS
from .defaults import ROLES, SEVERITY_POLICIES
from .models import Role, SeverityPolicy


@transaction.atomic
def load_severity_policies() -> int:
    """Create the missing policies; never overwrite what a team edited in the admin."""
    created = 0
    for values in SEVERITY_POLICIES:
        _, was_created = SeverityPolicy.objects.get_or_create(
            severity=values["severity"], defaults=values
        )
        created += was_created
    return created


@transaction.atomic
def load_roles() -> int:
    created = 0
    for values in ROLES:
        _, was_created = Role.objects.get_or_create(key=values["key"], defaults=values)
        created += was_created
    return created


@transaction.atomic
def sync_groups() -> None:
    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
