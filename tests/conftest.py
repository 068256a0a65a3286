import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def defaults(db):
    from incidents.bootstrap import load_roles, load_severity_policies, sync_groups

    load_severity_policies()
    load_roles()
    sync_groups()


def _make_user(username: str, group: str, first: str, last: str):
    from incidents.models import Profile

    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username, first_name=first, last_name=last,
        email=f"{username}@example.com",
    )
    user.groups.add(Group.objects.get(name=group))
    Profile.objects.create(user=user, phone="+55 11 90000-0000", slack_handle=f"@{username}")
    return user


@pytest.fixture
def responder(defaults):
    return _make_user("ana", "Responder", "Ana", "Souza")


@pytest.fixture
def responder2(defaults):
    return _make_user("rafa", "Responder", "Rafael", "Costa")


@pytest.fixture
def commander(defaults):
    return _make_user("carla", "Commander", "Carla", "Mendes")


@pytest.fixture
def manager(defaults):
    return _make_user("diego", "Manager", "Diego", "Rocha")


@pytest.fixture
def declare(defaults, commander):
    from incidents.services import incident_declare

    def _declare(severity="P1", title="Backend returns 500 everywhere", by=None):
        return incident_declare(title=title, severity=severity, by=by or commander)

    return _declare
