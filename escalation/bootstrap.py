"""The demo on-call roster and login that `make run` starts with."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from incidents.defaults import DEMO_PEOPLE
from incidents.models import Profile, Role

from .models import OnCallShift

LOGIN_FILE = Path(settings.BASE_DIR) / "var" / "demo-login.txt"


def demo_password() -> str:
    """One password for the demo people, made on first run and kept in var/."""
    if LOGIN_FILE.exists():
        return LOGIN_FILE.read_text().strip()
    password = secrets.token_urlsafe(9)
    LOGIN_FILE.parent.mkdir(parents=True, exist_ok=True)
    LOGIN_FILE.write_text(password + "\n")
    return password


@transaction.atomic
def load_demo_roster(password: str) -> None:
    User = get_user_model()
    for person in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=person["username"],
            defaults={
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "email": person["email"],
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        Profile.objects.get_or_create(
            user=user,
            defaults={
                "phone": person["phone"],
                "slack_handle": person["slack_handle"],
                "timezone": person["timezone"],
            },
        )
        user.groups.add(Group.objects.get(name=person["group"]))
        role = Role.objects.get(key=person["role"])
        if not OnCallShift.objects.current().filter(role=role).exists():
            OnCallShift.objects.create(role=role, user=user)
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"first_name": "Admin", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(password)
        admin.save(update_fields=["password"])
    admin.groups.add(Group.objects.get(name="Commander"))
    Profile.objects.get_or_create(user=admin)


def load_defaults(*, demo: bool) -> list[str]:
    """This app's entry in settings.DEFAULTS_LOADERS: with demo, the roster and the login."""
    if not demo:
        return []
    password = demo_password()
    load_demo_roster(password)
    return [
        "Demo roster loaded.",
        "Log in as  admin (commander, admin site)  or  ana (responder),  "
        "carla (commander),  diego (manager)",
        f"Password for all of them: {password}",
    ]
