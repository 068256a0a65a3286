import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

SHARED_PLAYBOOK = (
    Path(settings.BASE_DIR).parent / "shared/playbooks/production-incident-response.md"
)


@pytest.fixture
def shared_playbook() -> Path:
    if not SHARED_PLAYBOOK.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_PLAYBOOK} is missing in CI")
        pytest.skip(f"the customer's playbook is not next to this checkout ({SHARED_PLAYBOOK})")
    return SHARED_PLAYBOOK


@pytest.fixture
def imported(db, shared_playbook):
    """The customer's playbook imported through the management command."""
    call_command("import_playbook", str(shared_playbook), stdout=StringIO())


def scenario_titled(word: str):
    from runbooks.models import Scenario

    return Scenario.objects.get(title__icontains=word)


class FakeService:
    """A real HTTP server on 127.0.0.1 whose answer each test sets."""

    def __init__(self) -> None:
        self.status = 200
        self.body: bytes = b""
        self.delay = 0.0
        self.requests: list[str] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                service.requests.append(self.path)
                if service.delay:
                    time.sleep(service.delay)
                try:
                    self.send_response(service.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(service.body)))
                    self.end_headers()
                    self.wfile.write(service.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, status: int, payload: object, delay: float = 0.0) -> None:
        self.status = status
        self.body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.delay = delay

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_service():
    service = FakeService()
    yield service
    service.close()


@pytest.fixture
def backend(db, fake_service):
    """The service catalogue's 'backend' pointed at the local server."""
    from runbooks.models import ServiceEndpoint

    ServiceEndpoint.objects.update_or_create(
        name="backend", defaults={"base_url": fake_service.url}
    )
    return fake_service


@pytest.fixture(autouse=True)
def english():
    """Assertions read the English source strings, whatever the pt-BR catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield
