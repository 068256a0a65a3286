"""Paging loop on the real stack (celery worker + beat, Redis, PostgreSQL), minutes scaled
to tenths of a second: an unanswered P1 gets Slack, then SMS, then a voice call; a P1
acknowledged through the SMS's link never gets its call."""

import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test import Client

from incidents.services import incident_declare
from notifications.models import NotificationRule

from .stack import LocalSlack, Stack, wait_for

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL for real worker and beat processes; .ci/run has them",
    ),
]
MINUTE_S = 0.1  # an SLA minute: SMS at 1 s, the call at 4 s, the breach at 6 s
LINK = re.compile(r"/a/([0-9]+-[A-Za-z0-9_-]+)/")


class LocalProviders:
    """The SMS and voice providers: every POST recorded as (path, message), answered 200."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, float]] = []
        self.lock = threading.Lock()
        providers = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with providers.lock:
                    message = (json.loads(raw or b"{}") or {}).get("message", "")
                    providers.posts.append((self.path, message, time.monotonic()))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def about(self, path: str, reference: str) -> list[str]:
        with self.lock:
            return [m for p, m, _t in self.posts if p == path and f"{reference} " in m]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loop_stack(tmp_path, settings, oncall):
    settings.SLA_MINUTE_SECONDS = MINUTE_S
    ana = oncall["first_responder"]
    for channel, minutes in (("slack", 0), ("sms", 10), ("voice", 40)):
        NotificationRule.objects.create(
            user=ana, severity="P1", channel=channel, after_minutes=minutes
        )
    slack, providers = LocalSlack(), LocalProviders()
    running = Stack(tmp_path, slack)
    running.env.update(
        SLA_MINUTE_SECONDS=str(MINUTE_S),
        SMS_PROVIDER_URL=f"{providers.url}/sms",
        VOICE_PROVIDER_URL=f"{providers.url}/voice",
        SMS_PROVIDER_TOKEN="t",
    )
    running.flush_broker()
    try:
        yield running, providers
    finally:
        running.stop()
        slack.close()
        providers.close()


def test_paging_loop_on_the_real_stack_louder_until_acknowledged(loop_stack, oncall, commander):
    stack, providers = loop_stack
    stack.start()
    unanswered = incident_declare(title="Checkout answers 500", severity="P1", by=commander)
    answered = incident_declare(title="Search is down", severity="P1", by=commander)
    ref = answered.reference

    wait_for(lambda: stack.slack.delivered_to("@ana") >= 2, "both Slack pages at open")
    [sms] = wait_for(lambda: providers.about("/sms", ref), f"the SMS about {ref}")
    token = LINK.search(sms).group(1)  # type: ignore[union-attr]
    assert Client().post(f"/a/{token}/").status_code == 200  # a phone, no login

    voice = wait_for(
        lambda: providers.about("/voice", unanswered.reference), "the unanswered P1's call"
    )
    stack.assert_alive()
    time.sleep(3 * MINUTE_S * 10)  # well past the answered one's call time
    assert providers.about("/voice", ref) == [], "no call after the acknowledgement"
    assert len(voice) == 1 and len(providers.about("/sms", unanswered.reference)) == 1
    with providers.lock:
        order = [p for p, m, _t in providers.posts if f"{unanswered.reference} " in m]
    assert order[:2] == ["/sms", "/voice"]
    answered.refresh_from_db()
    assert answered.acknowledged_by == oncall["first_responder"]
    event = answered.timeline.get(kind="acknowledged")
    assert event.data["via"] == "sms"
