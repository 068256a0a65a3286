"""CSP with nonces (no unsafe-inline, no eval for scripts) and a Permissions-Policy."""

import re

import pytest


@pytest.mark.django_db
def test_security_csp_with_nonce_and_permissions_policy(client, responder):
    client.force_login(responder)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    script_src = directives["script-src"]
    assert "'self'" in script_src
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    # The page's one inline script carries it; htmx is told not to eval.
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert '"allowEval": false' in response.content.decode()
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_security_headers_on_public_pages(client):
    response = client.get("/status/")
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response
