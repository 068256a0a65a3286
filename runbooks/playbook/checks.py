"""Recognise an automatable HTTP check in a step's shell command.

    curl https://backend.example.com/api/health
    # Expected: {"status":"ok","database":"healthy"}

becomes a GET of "/api/health" expecting 200 and that JSON. Only plain GETs without
credentials or placeholders qualify, and only when an "Expected:" / "Esperado:"
comment follows. The host is dropped on purpose: the server resolves the base URL
from the service catalogue the admins keep.
"""

from __future__ import annotations

import json
import re
import shlex
from urllib.parse import urlsplit

from .model import HealthCheck
from .text import fold

_EXPECTED = re.compile(
    r"^#\s*(?:esperado|expected|expect|resultado esperado|expected result)\s*:\s*(?P<value>.+)$"
)
_STATUS = re.compile(r"^(?:http\s*|status\s*)?(?P<code>[1-5]\d\d)\b")
_FLAGS_WITH_VALUE = {
    "-m", "--max-time", "--connect-timeout", "-o", "--output", "-w", "--write-out",
    "--retry", "-A", "--user-agent", "--resolve",
}  # fmt: skip
_DISQUALIFYING = {
    "-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--json", "-F",
    "--form", "-I", "--head", "-u", "--user", "-T", "--upload-file", "-b", "--cookie",
}  # fmt: skip


def _logical_lines(command: str) -> list[str]:
    out: list[str] = []
    pending = ""
    for line in command.split("\n"):
        stripped = line.strip()
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        out.append(pending + stripped)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _get_url(line: str) -> str | None:
    """The URL of a credential-free GET curl, or None."""
    if any(char in line for char in "|;&<>`$"):
        return None
    try:
        tokens = shlex.split(line)
    except ValueError:
        return None
    if not tokens or tokens[0] != "curl":
        return None
    url = None
    index = 1
    while index < len(tokens):
        token = tokens[index]
        if token in _DISQUALIFYING:
            return None
        if token in ("-X", "--request"):
            if index + 1 >= len(tokens) or tokens[index + 1].upper() != "GET":
                return None
            index += 1
        elif token in ("-H", "--header"):
            if index + 1 >= len(tokens) or "authorization" in tokens[index + 1].lower():
                return None
            index += 1
        elif token in _FLAGS_WITH_VALUE:
            index += 1
        elif token.startswith(("http://", "https://")) and url is None:
            url = token
        elif not token.startswith("-"):
            return None
        index += 1
    return url


def _expectation(comments: list[str]) -> tuple[int, dict | None] | None:
    for comment in comments:
        if not _EXPECTED.match(fold(comment)):
            continue
        value = comment[comment.index(":") + 1 :].strip()
        if value.startswith("{"):
            try:
                data = json.loads(value)
            except ValueError:
                return None
            return (200, data) if isinstance(data, dict) else None
        status = _STATUS.match(value.lower())
        return (int(status["code"]), None) if status else None
    return None


def find_check(command: str | None) -> HealthCheck | None:
    """The first qualifying curl in ``command`` with its expectation, if any."""
    if not command:
        return None
    lines = _logical_lines(command)
    for index, line in enumerate(lines):
        url = _get_url(line)
        if url is None:
            continue
        comments = []
        for following in lines[index + 1 :]:
            if not following.startswith("#"):
                break
            comments.append(following)
        expectation = _expectation(comments)
        if expectation is None:
            continue
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        status, body = expectation
        return HealthCheck(method="GET", path=path, expect_status=status, expect_json=body)
    return None
