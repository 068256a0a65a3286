"""Every URL x every role: the status in tests/security/url_access.py, nothing else.

Generated from the URL configuration, so a URL added without a row fails here, with the
line to add."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from .url_access import ROLES, URL_ACCESS, Row
from .urls_walk import project_urls
from .world import World, build_world

TABLE = "tests/security/url_access.py"
DEFAULT_ARGUMENTS = {"action": "acknowledge", "step": 1, "state": "done"}


def url_for(name: str, row: Row, arguments: tuple[str, ...], world: World) -> str:
    given = row.kwargs(world) if row.kwargs else {}
    kwargs: dict[str, Any] = {}
    for argument in arguments:
        if argument in given:
            kwargs[argument] = given[argument]
        elif argument == "pk":
            kwargs[argument] = world.incident.pk
        elif argument == "step":
            kwargs[argument] = world.step_pk
        elif argument in DEFAULT_ARGUMENTS:
            kwargs[argument] = DEFAULT_ARGUMENTS[argument]
        else:
            raise AssertionError(
                f"The URL {name!r} takes the argument {argument!r}: give its row in {TABLE} "
                f"kwargs=lambda world: {{{argument!r}: ...}} (world: tests/security/world.py)."
            )
    return reverse(name, kwargs=kwargs)


def client_for(world: World, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def missing_row_message(name: str, route: str) -> str:
    if not name:
        return (
            f"The URL {route!r} has no name: give it one (path(..., name=...)) and add its "
            f"row to URL_ACCESS in {TABLE}."
        )
    return (
        f"The URL {name!r} ({route}) has no row in the access table.\n"
        f"  Add one to URL_ACCESS in {TABLE}, in its app's section, e.g.\n"
        f'    "{name}": Row("GET", anonymous=302, outsider=403, responder=200, '
        f"commander=200, manager=200, admin=200),\n"
        f"  with the status each role must get (the file's docstring says how: method, "
        f"URL arguments, POST)."
    )


@pytest.mark.django_db
def test_security_url_matrix_every_url_has_a_row():
    urls = project_urls()
    missing = [
        missing_row_message(url.name, url.route) for url in urls if url.name not in URL_ACCESS
    ]
    assert not missing, "\n\n".join(missing)
    known = {url.name for url in urls} | {"admin:index", "admin:login"}
    stale = sorted(set(URL_ACCESS) - known)
    assert not stale, f"Rows for URLs that no longer exist, remove them from {TABLE}: {stale}"


@pytest.mark.django_db
def test_security_url_matrix_status_per_role():
    world = build_world()
    arguments = {url.name: url.arguments for url in project_urls()}
    wrong = []
    for role in ROLES:
        for name, row in URL_ACCESS.items():
            client = client_for(world, role)  # fresh: a logout must not leak into the next
            url = url_for(name, row, arguments.get(name, ()), world)
            method = "post" if row.method == "POST" else "get"
            status = getattr(client, method)(url).status_code
            if status != row.expected(role):
                wrong.append(
                    f"{role:>10} {method.upper():4} {url}: {status}, table says "
                    f"{row.expected(role)} ({name})"
                )
    assert not wrong, f"Statuses differ from {TABLE}:\n" + "\n".join(wrong)
