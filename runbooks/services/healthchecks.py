"""Run a step's HTTP check from the server. The URL comes from the service catalogue.

The HTTP call happens outside any database transaction; only the result is
written, with its timeline entry, in one short transaction afterwards.
"""

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Incident
from incidents.services import timeline_append

from .. import events
from ..models import HealthCheckRun, ServiceEndpoint, Step
from .common import require_open, runbook_of, step_of

EXCERPT_CHARS = 300
MAX_BODY_BYTES = 64 * 1024


@dataclass
class ProbeResult:
    status_code: int | None
    latency_ms: int | None
    body: str
    error: str


def json_contains(actual: Any, expected: Any) -> bool:
    """Whether ``actual`` holds every key/value of ``expected`` (recursively for objects)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and json_contains(actual[key], value) for key, value in expected.items()
        )
    return bool(actual == expected)


def _probe(url: str, timeout: float) -> ProbeResult:
    started = time.perf_counter()
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client,
            client.stream("GET", url, headers={"Accept": "application/json"}) as response,
        ):
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= MAX_BODY_BYTES:
                    break
            latency = int((time.perf_counter() - started) * 1000)
            body = b"".join(chunks)[:MAX_BODY_BYTES].decode(errors="replace")
            return ProbeResult(response.status_code, latency, body, "")
    except httpx.TimeoutException:
        latency = int((time.perf_counter() - started) * 1000)
        return ProbeResult(
            None, latency, "", _("No answer within %(s)s s (timeout).") % {"s": timeout}
        )
    except httpx.HTTPError as error:
        latency = int((time.perf_counter() - started) * 1000)
        return ProbeResult(None, latency, "", f"{type(error).__name__}: {error}"[:500])


def _verdict(step: Step, result: ProbeResult) -> tuple[bool, str]:
    if result.status_code is None:
        return False, result.error
    expected_status = step.check_expect_status or 200
    if result.status_code != expected_status:
        return False, _("Expected status %(want)s, got %(got)s.") % {
            "want": expected_status,
            "got": result.status_code,
        }
    if step.check_expect_json is not None:
        try:
            body = json.loads(result.body)
        except ValueError:
            return False, _("Expected a JSON body, got something else.")
        if not json_contains(body, step.check_expect_json):
            return False, _("The body does not contain %(want)s.") % {
                "want": json.dumps(step.check_expect_json, ensure_ascii=False)
            }
    return True, ""


def health_check_run(*, incident: Incident, step: Step | int, by: Actor) -> HealthCheckRun:
    require_open(incident)
    runbook = runbook_of(incident)
    row = step_of(runbook, step.pk if isinstance(step, Step) else step)
    if not row.has_check:
        raise IncidentActionError(_("This step has no automatic check."))
    service = ServiceEndpoint.objects.filter(name=row.check_service).first()
    if service is None:
        raise IncidentActionError(
            _("The service “%(name)s” is not in the service catalogue; add it in the admin.")
            % {"name": row.check_service}
        )
    url = service.url_for(row.check_path)
    timeout = float(getattr(settings, "RUNBOOK_CHECK_TIMEOUT_SECONDS", 5))
    result = _probe(url, timeout)  # outside any transaction: the network may be slow
    passed, why = _verdict(row, result)
    excerpt = result.body[:EXCERPT_CHARS]
    now = timezone.now()
    with transaction.atomic():
        run = HealthCheckRun.objects.create(
            incident=incident,
            step=row,
            by=by,
            at=now,
            url=url[:600],
            status_code=result.status_code,
            latency_ms=result.latency_ms,
            passed=passed,
            excerpt=excerpt,
            error=why[:500],
        )
        timeline_append(
            incident=incident,
            kind=events.HEALTH_CHECK,
            actor=by,
            at=now,
            data={
                "step_id": row.pk,
                "text": row.text,
                "service": service.name,
                "method": "GET",
                "url": url,
                "timeout_seconds": timeout,
                "status": result.status_code,
                "latency_ms": result.latency_ms,
                "excerpt": excerpt,
                "passed": passed,
                "reason": why,
                "expect_status": row.check_expect_status,
                "expect_json": row.check_expect_json,
            },
        )
    return run
