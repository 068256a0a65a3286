"""A real local HTTP server standing in for Slack and the SMS / voice providers."""

import json
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeProviders:
    """Answers POSTs per path from a script of (status, delay seconds); 200 when empty."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.scripts: dict[str, deque] = defaultdict(deque)
        self.lock = threading.Lock()
        self.url = ""

    def answer(self, path: str, *responses: int | tuple[int, float]) -> None:
        for r in responses:
            self.scripts[path].append(r if isinstance(r, tuple) else (r, 0.0))

    def received(self, path: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["path"] == path]


@pytest.fixture
def providers(settings):
    fake = FakeProviders()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            with fake.lock:
                fake.requests.append(
                    {
                        "path": self.path,
                        "json": json.loads(raw or b"null"),
                        "authorization": self.headers.get("Authorization", ""),
                    }
                )
                script = fake.scripts[self.path]
                status, delay = script.popleft() if script else (200, 0.0)
            if delay:
                time.sleep(delay)
            body = b"ok" if status < 400 else b"provider says no"
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SLACK_WEBHOOK_URL = f"{fake.url}/slack"
    settings.SMS_PROVIDER_URL = f"{fake.url}/sms"
    settings.SMS_PROVIDER_TOKEN = "sms-secret-token"
    settings.VOICE_PROVIDER_URL = f"{fake.url}/voice"
    settings.VOICE_PROVIDER_TOKEN = "voice-secret-token"
    settings.NOTIFICATION_HTTP_CONNECT_TIMEOUT = 2.0
    settings.NOTIFICATION_HTTP_READ_TIMEOUT = 5.0
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 10
    settings.NOTIFICATION_RETRY_FACTOR = 3
    settings.NOTIFICATION_RETRY_CAP_SECONDS = 300
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def incident(declare):
    return declare(severity="P1", title="Backend returns 500 everywhere")


def kinds(incident) -> list[str]:
    return list(
        incident.timeline.filter(kind__startswith="page_")
        .order_by("created_at", "id")
        .values_list("kind", flat=True)
    )
