"""No input gets a 5xx: every URL that takes POST (tests/security/url_access.py), every
field its forms show plus the row's extra fields, hypothesis-generated text (NUL bytes,
over-long values, RTL overrides, markup, numbers out of range), as each role."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .forms_found import form_fields
from .test_security_url_matrix import url_for
from .url_access import ROLES, URL_ACCESS
from .urls_walk import project_urls
from .world import World, build_world

NASTY = [
    "",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",  # RTL override
    "\u2066isolate\u2069\u200f",
    "x" * 70_000,
    "<script>alert(1)</script>",
    "<!channel> <https://evil.example|click>",
    "{{ title|ljust:'30000000' }}{% lorem 2000000 w %}",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "../../../etc/passwd",
    "'; DROP TABLE incidents_incident; --",
    "\r\nBcc: victim@example.com",
    "on",
    "yes",
    "pt-br",
    "P0",
    "🔥" * 300,
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
EXAMPLES_PER_URL = 10


def _pages(world: World) -> list[str]:
    """Pages whose forms say which fields each POST URL takes."""
    pk = world.incident.pk
    paths = [reverse("incidents:detail", args=[pk]), reverse("incidents:dashboard")]
    arguments = {url.name: url.arguments for url in project_urls()}
    for name, row in URL_ACCESS.items():
        if row.method.startswith("GET") and name in arguments:
            paths.append(url_for(name, row, arguments[name], world))
    return paths


def _clients(world: World) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
    return clients


def _walk(clients: dict[str, Client], name: str, url: str, fields: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES_PER_URL,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        role=st.sampled_from(ROLES),
        htmx=st.booleans(),
        data=st.fixed_dictionaries({}, optional={field: TEXT for field in fields}),
    )
    def post(role: str, htmx: bool, data: dict[str, str]) -> None:
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = clients[role].post(url, data, **headers)
        assert response.status_code < 500, (name, role, data)

    post()


@pytest.mark.django_db
def test_security_post_fuzz_no_5xx():
    world = build_world(with_runbook=True)
    clients = _clients(world)
    found: dict[str, set[str]] = {}
    for role in ("admin", "commander", "responder"):
        for name, fields in form_fields(clients[role], _pages(world)).items():
            found.setdefault(name, set()).update(fields)
    arguments = {url.name: url.arguments for url in project_urls()}
    walked = []
    for name, row in URL_ACCESS.items():
        if not row.posts or name not in arguments:
            continue
        fields = sorted(found.get(name, set()) | set(row.fields))
        url = url_for(name, row, arguments[name], world)
        walked.append((name, fields))

        _walk(clients, name, url, fields)
    assert len(walked) >= 15, walked  # the walk reached the POST URLs
    assert any(fields for _name, fields in walked)
