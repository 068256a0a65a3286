"""Idempotent loading of the shipped policy, roles and access groups."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .access import declared_permissions
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
    for name, perms in declared_permissions().groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def load_defaults(*, demo: bool) -> list[str]:
    """This app's entry in settings.DEFAULTS_LOADERS: policy, roles, every app's groups."""
    policies = load_severity_policies()
    roles = load_roles()
    sync_groups()
    return [f"Severity policies created: {policies}; roles created: {roles}."]
