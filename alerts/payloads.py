"""Turn an Alertmanager, Grafana or Events v2 body into AlertIn rows, or say which field is
wrong (SchemaError with a JSON path). Pure functions: no database, no settings."""

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

MAX_ALERTS = 1000
MAX_KEY = 255
MAX_SUMMARY = 1024
MAX_TITLE = 200
MAX_LINK = 2000
EVENT_ACTIONS = ("trigger", "acknowledge", "resolve")
EVENT_SEVERITIES = ("critical", "error", "warning", "info")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")
_FRACTION = re.compile(r"(\.\d{6})\d+")


class SchemaError(ValueError):
    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass
class AlertIn:
    """One alert as every source says it. `action` is firing|resolved|acknowledge."""

    fingerprint: str
    action: str
    title: str
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    group_key: str = ""
    severity_hint: str = ""
    description: str = ""


# In a UTF-8 body, a NUL or a lone surrogate can only come from a \u escape or from a
# surrogate's own UTF-8 bytes (json passes them through), which all start with 0xED.
_MAYBE_UNSAFE = (b"\\u", b"\xed")


def parse_json(body: bytes) -> Any:
    """The body as JSON with every string made safe to store, or SchemaError for '$'."""
    try:
        data = json.loads(body)
        if json.detect_encoding(body) != "utf-8" or any(m in body for m in _MAYBE_UNSAFE):
            data = _clean(data)  # a walk of every string: only when one may need it
        return data
    except (ValueError, RecursionError):
        raise SchemaError("The body is not valid JSON.", "$") from None


def _clean(value: Any) -> Any:
    """PostgreSQL refuses NUL in text and lone surrogates in UTF-8: drop them."""
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "replace").decode("utf-8")
        return value
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def one_line(text: str, limit: int) -> str:
    """No control characters or newlines, runs of spaces made one, at most `limit` chars."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _object(value: Any, path: str, *, required: bool = True) -> dict[str, Any]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise SchemaError("Must be a JSON object.", path)
    return value


def _string(
    value: Any, path: str, *, required: bool = True, limit: int = 10_000, empty: bool = False
) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise SchemaError("Must be a string.", path)
    if not empty and required and not value.strip():
        raise SchemaError("Must not be empty.", path)
    if len(value) > limit:
        raise SchemaError(f"At most {limit} characters.", path)
    return value


def _string_map(value: Any, path: str) -> dict[str, str]:
    mapping = _object(value, path, required=False)
    for key, item in mapping.items():
        _string(item, f"{path}.{key}", required=True, empty=True)
    return mapping


def _time(value: Any, path: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise SchemaError("Must be an RFC 3339 time.", path)
    try:
        parsed = datetime.fromisoformat(_FRACTION.sub(r"\1", value.replace("z", "Z")))
    except ValueError:
        raise SchemaError("Must be an RFC 3339 time.", path) from None
    if parsed.year < 1971:  # Go's zero time: "not set"
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _link(value: Any) -> str:
    if isinstance(value, str) and re.match(r"https?://", value) and len(value) <= MAX_LINK:
        return value
    return ""


def _fingerprint_of(labels: dict[str, str]) -> str:
    canonical = json.dumps(labels, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


GRAFANA_LINKS = ("generatorURL", "silenceURL", "dashboardURL", "panelURL", "imageURL")


def parse_webhook(data: Any, *, grafana: bool) -> list[AlertIn]:
    """Alertmanager's webhook (version 4), or Grafana's, which adds its own fields."""
    body = _object(data, "$")
    version = body.get("version")
    if not grafana and version is not None and version != "4":
        raise SchemaError(
            'Only version "4" of the Alertmanager webhook is understood.', "$.version"
        )
    group_key = _string(body.get("groupKey"), "$.groupKey", required=False, limit=MAX_KEY * 8)
    common_labels = _string_map(body.get("commonLabels"), "$.commonLabels")
    alerts = body.get("alerts")
    if not isinstance(alerts, list):
        raise SchemaError("Must be a list of alerts.", "$.alerts")
    if len(alerts) > MAX_ALERTS:
        raise SchemaError(f"At most {MAX_ALERTS} alerts in one request.", "$.alerts")
    parsed = []
    for index, raw in enumerate(alerts):
        path = f"$.alerts[{index}]"
        alert = _object(raw, path)
        status = alert.get("status")
        if status not in ("firing", "resolved"):
            raise SchemaError('Must be "firing" or "resolved".', f"{path}.status")
        labels = {**common_labels, **_string_map(alert.get("labels"), f"{path}.labels")}
        annotations = _string_map(alert.get("annotations"), f"{path}.annotations")
        fingerprint = _string(
            alert.get("fingerprint"), f"{path}.fingerprint", required=False, limit=MAX_KEY
        ).strip()
        if not fingerprint:
            if not labels:
                raise SchemaError("An alert needs a fingerprint or labels.", f"{path}.fingerprint")
            fingerprint = _fingerprint_of(labels)
        names = GRAFANA_LINKS if grafana else ("generatorURL",)
        links = {name: _link(alert.get(name)) for name in names}
        for name in names:
            _string(alert.get(name), f"{path}.{name}", required=False, empty=True)
        title = annotations.get("summary") or labels.get("alertname") or fingerprint
        parsed.append(
            AlertIn(
                fingerprint=fingerprint,
                action=status,
                title=one_line(title, MAX_TITLE) or fingerprint[:MAX_TITLE],
                labels=labels,
                annotations=annotations,
                links={k: v for k, v in links.items() if v},
                starts_at=_time(alert.get("startsAt"), f"{path}.startsAt"),
                ends_at=_time(alert.get("endsAt"), f"{path}.endsAt"),
                group_key=_group_key(group_key),
                severity_hint=labels.get("severity", "").strip().lower(),
                description=annotations.get("description", ""),
            )
        )
    return parsed


def _group_key(key: str) -> str:
    """Alertmanager's groupKey can be long; keys past 255 characters are hashed."""
    if len(key) <= MAX_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def routing_key_of(data: Any) -> str:
    """The Events v2 routing_key, when the body has one (read before the schema check)."""
    if isinstance(data, dict) and isinstance(data.get("routing_key"), str):
        return data["routing_key"]
    return ""


def parse_event(data: Any) -> list[AlertIn]:
    """The PagerDuty Events v2 shape."""
    body = _object(data, "$")
    action = body.get("event_action")
    if action not in EVENT_ACTIONS:
        raise SchemaError('Must be "trigger", "acknowledge" or "resolve".', "$.event_action")
    dedup_key = _string(body.get("dedup_key"), "$.dedup_key", required=False, limit=MAX_KEY)
    if action != "trigger" and not dedup_key.strip():
        raise SchemaError("Required to acknowledge or resolve.", "$.dedup_key")
    if action != "trigger":
        return [AlertIn(fingerprint=dedup_key, action=_ACTION[action], title="")]
    payload = _object(body.get("payload"), "$.payload")
    summary = _string(payload.get("summary"), "$.payload.summary", limit=MAX_SUMMARY)
    source = _string(payload.get("source"), "$.payload.source", limit=MAX_KEY)
    severity = payload.get("severity")
    if severity not in EVENT_SEVERITIES:
        raise SchemaError('Must be "critical", "error", "warning" or "info".', "$.payload.severity")
    labels = {"source": source, "severity": severity}
    for name in ("component", "group", "class"):
        value = _string(payload.get(name), f"$.payload.{name}", required=False, limit=MAX_KEY)
        if value:
            labels[name] = value
    details = payload.get("custom_details")
    annotations = {"summary": summary}
    if details is not None:
        annotations.update(_details(details))
    return [
        AlertIn(
            fingerprint=dedup_key.strip() or uuid.uuid4().hex,
            action="firing",
            title=one_line(summary, MAX_TITLE) or source[:MAX_TITLE],
            labels=labels,
            annotations=annotations,
            links=_event_links(body.get("links"), body.get("client_url")),
            starts_at=_time(payload.get("timestamp"), "$.payload.timestamp"),
            severity_hint=severity,
            description=summary if len(summary) > MAX_TITLE else "",
        )
    ]


_ACTION = {"acknowledge": "acknowledge", "resolve": "resolved"}


def _details(details: Any) -> dict[str, str]:
    if isinstance(details, dict):
        return {
            str(k)[:100]: v if isinstance(v, str) else json.dumps(v)[:2000]
            for k, v in list(details.items())[:100]
        }
    return {"details": details if isinstance(details, str) else json.dumps(details)[:2000]}


def _event_links(links: Any, client_url: Any) -> dict[str, str]:
    found = {}
    if isinstance(links, list):
        for item in links[:20]:
            if isinstance(item, dict) and _link(item.get("href")):
                text = item.get("text")
                label = one_line(text, 100) if isinstance(text, str) else ""
                found[label or item["href"][:100]] = item["href"]
    if _link(client_url):
        found["client_url"] = client_url
    return found
