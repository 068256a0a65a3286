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
        username=username,
        password="pw-" + username,
        first_name=first,
        last_name=last,
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


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (playwright cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def login_page(chromium, live_server):
    """Open a logged-in page for a user: login_page(user, password, viewport=None)."""
    opened = []

    def _open(user, password, viewport=None):
        context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        opened.append(context)
        return page

    yield _open
    for context in opened:
        context.close()
