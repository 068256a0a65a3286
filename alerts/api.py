"""The intake endpoints. Checks in the documented order: size (413), authentication (401),
content type (415), schema (400 naming the field), then the rate limit (503) and the commit
(202). Token-authenticated, so CSRF does not apply here (and only here)."""

import logging
from typing import Any

from django.db import OperationalError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from incidents.errors import IncidentActionError

from . import ratelimit
from .models import AlertStatus, IntegrationKind
from .payloads import AlertIn, SchemaError, parse_event, parse_json, parse_webhook, routing_key_of
from .services.intake import Outcome, ingest
from .services.integrations import integration_note_rejection
from .setup_cache import Setup, StaleSetup, kept, setup_for
from .signatures import signature_problem
from .tokens import bearer_token, token_hash, token_matches

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024
RETRY_AFTER_BUSY = 5


class _Body:
    """The request body, parsed at most once however often the checks run (a delivery that
    the kept setup cannot answer is checked again after a fresh read)."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self._json: Any = None
        self._alerts: list[AlertIn] | None = None

    def json(self) -> Any:
        if self._json is None:
            self._json = parse_json(self.raw)  # SchemaError: raised again next time
        return self._json

    def alerts(self, kind: str) -> list[AlertIn]:
        if self._alerts is None:
            data = self.json()
            self._alerts = (
                parse_event(data)
                if kind == IntegrationKind.EVENTS
                else parse_webhook(data, grafana=kind == IntegrationKind.GRAFANA)
            )
        return self._alerts


def _error(status: int, message: str, field: str | None = None, **headers: str) -> JsonResponse:
    body: dict[str, Any] = {"error": message}
    if field is not None:
        body["field"] = field
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@csrf_exempt
def alertmanager(request: HttpRequest) -> JsonResponse:
    return _receive(request, IntegrationKind.ALERTMANAGER)


@csrf_exempt
def grafana(request: HttpRequest) -> JsonResponse:
    return _receive(request, IntegrationKind.GRAFANA)


@csrf_exempt
def events(request: HttpRequest) -> JsonResponse:
    return _receive(request, IntegrationKind.EVENTS)


def _receive(request: HttpRequest, kind: str) -> JsonResponse:
    if request.method != "POST":
        return _error(405, "Only POST.", Allow="POST")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY:
        return _error(413, f"The body is over {MAX_BODY} bytes.")
    raw = request.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        return _error(413, f"The body is over {MAX_BODY} bytes.")
    body = _Body(raw)

    try:  # the busy case: the setup kept in memory, checked by the write itself
        setup, response = _respond(request, kind, body, trust_kept=True)
    except StaleSetup:  # it had changed, and nothing was written: answer from a fresh read
        try:
            setup, response = _respond(request, kind, body, trust_kept=False)
        except StaleSetup:  # changed again meanwhile
            setup, response = None, _error(503, "Busy; retry later.", Retry_After="1")
    integration = setup.integration if setup is not None else None
    if integration is not None and response.status_code >= 400:
        integration_note_rejection(
            integration=integration, status=response.status_code, error=response.content
        )
    return response


def _respond(
    request: HttpRequest, kind: str, body: _Body, *, trust_kept: bool
) -> tuple[Setup | None, JsonResponse]:
    """The answer, with the setup it was given under. With `trust_kept`, a setup kept in
    memory is used unchecked for what its guard covers (one firing alert, answered 202);
    anything else raises StaleSetup, to be answered after a fresh read."""
    setup, problem, checked = _authenticate(request, kind, body, trust_kept)
    if problem:
        if not checked:
            raise StaleSetup
        log.warning("alert intake refused on %s: %s", request.path, problem)
        return setup, _error(401, problem, WWW_Authenticate="Bearer")
    assert setup is not None
    response = _accept(request, kind, setup, body, checked)
    if response.status_code != 202 and not checked:
        raise StaleSetup
    return setup, response


def _accept(
    request: HttpRequest, kind: str, setup: Setup, body: _Body, checked: bool
) -> JsonResponse:
    """Content type, schema, rate limit, then the commit. An unchecked setup is only
    written under its guard: one firing alert (else StaleSetup, before anything)."""
    integration, rules = setup.integration, setup.rules
    if request.content_type != "application/json":
        return _error(415, "Send Content-Type: application/json.")
    try:
        alerts = body.alerts(kind)
    except SchemaError as exc:
        return _error(400, exc.message, exc.path)
    if not checked and not (len(alerts) == 1 and alerts[0].action == AlertStatus.FIRING):
        raise StaleSetup

    allowed, retry_after = ratelimit.allow(integration.pk, integration.rate_limit_per_minute)
    if not allowed:
        return _error(503, "Rate limit reached; retry later.", Retry_After=str(retry_after))
    try:
        outcomes = ingest(
            integration=integration,
            alerts=alerts,
            rules=rules,
            guard=None if checked else setup.guard,
        )
    except OperationalError as exc:
        log.warning("alert intake busy for %s: %s", integration.name, type(exc).__name__)
        return _error(503, "Busy; retry later.", Retry_After=str(RETRY_AFTER_BUSY))
    except IncidentActionError as exc:  # e.g. no severity policy loaded: nothing can open
        log.error("alert intake cannot open incidents for %s: %s", integration.name, exc)
        return _error(503, str(exc), Retry_After=str(RETRY_AFTER_BUSY))
    return JsonResponse(_answer(kind, alerts, outcomes), status=202)


def _authenticate(
    request: HttpRequest, kind: str, body: _Body, trust_kept: bool
) -> tuple[Setup | None, str, bool]:
    """The integration the token names with its rules (or None), what is wrong ('' when
    nothing), and whether that was checked against the database (else: kept in memory)."""
    token = bearer_token(request.META.get("HTTP_AUTHORIZATION", ""))
    if not token and kind == IntegrationKind.EVENTS:
        try:
            token = routing_key_of(body.json())
        except SchemaError:
            token = ""
    if not token:
        what = "routing_key or a Bearer token" if kind == IntegrationKind.EVENTS else "Bearer token"
        return None, f"Missing {what}.", True
    digest = token_hash(token)
    setup = kept(digest, kind) if trust_kept else None
    checked = setup is None
    if setup is None:
        setup = setup_for(digest, kind)
    if setup is None or not token_matches(token, setup.integration.token_hash):
        return None, "Unknown token for this endpoint.", checked
    integration = setup.integration
    if not integration.is_active:
        return setup, "This integration is switched off.", checked
    if kind == IntegrationKind.GRAFANA and integration.hmac_secret:
        meta = request.headers
        problem = signature_problem(
            secret=integration.hmac_secret,
            signature=meta.get(integration.hmac_signature_header, ""),
            timestamp=meta.get(integration.hmac_timestamp_header, ""),
            body=body.raw,
        )
        if problem:
            return setup, f"Bad signature: {problem}.", checked
    return setup, "", checked


def _answer(kind: str, alerts: list[AlertIn], outcomes: list[Outcome]) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "incidents": [
            {
                "id": o.incident_id,
                "url": f"/incidents/{o.incident_id}/" if o.incident_id else None,
                "dedup_key": o.dedup_key,
                "action": o.action,
            }
            for o in outcomes
        ]
    }
    if kind == IntegrationKind.EVENTS and outcomes:  # what PagerDuty clients read
        answer.update(status="success", message="Event processed", dedup_key=outcomes[0].dedup_key)
    return answer
