"""Alert intake: open, append to, acknowledge and resolve incidents for one delivery.

One short transaction per delivery; dedup keys are taken in sorted order so two deliveries
never wait on each other in a cycle. On PostgreSQL a firing is one statement
(fast_intake.py: a repeat counted, or an incident opened in two steps, the sweep adding its
clocks, checklist and first page). Everything else takes the portable path below, which
opens an incident through incidents' own incident_declare, so it pages and gets its clocks
and checklist like one a person declared. Two identical deliveries at once: the group row
goes in before its incident, so the partial unique index lets one insert it; the other
waits on that index entry, finds it taken when the first commits, and appends to the
winner's incident."""

from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from incidents.deadlines import deadlines_due_now
from incidents.errors import IncidentActionError
from incidents.models import OPEN_STATUSES, Incident, IncidentSource, IncidentStatus
from incidents.services import (
    incident_acknowledge,
    incident_declare,
    incident_mitigate,
    timeline_append,
)

from .. import events
from ..models import Alert, AlertGroup, AlertStatus, GroupBy, Integration, RoutingRule
from ..payloads import AlertIn
from ..routing import route
from ..setup_cache import Guard
from . import fast_batch, fast_intake

REPEAT_ON_TIMELINE_EVERY = timedelta(minutes=1)
CHUNK = 50  # alerts per transaction


@dataclass
class Outcome:
    dedup_key: str
    action: str  # created | appended | resolved | acknowledged | ignored
    incident_id: int | None = None


def ingest(
    *,
    integration: Integration,
    alerts: list[AlertIn],
    rules: list[RoutingRule] | None = None,
    guard: Guard | None = None,
) -> list[Outcome]:
    """Apply one delivery's alerts; an outcome per alert, in the order received. A delivery
    is one short transaction (CHUNK alerts at most each, so a large one never holds its
    locks long); on PostgreSQL a firing takes one statement (fast_intake), a single alert
    needs no transaction around it. `rules`: the integration's routing rules when the
    caller has them (else read if needed). `guard`: the versions they were kept at, which
    a single firing's statement checks (setup_cache.GUARD_SQL; StaleSetup when moved)."""
    routing = _Rules(integration, rules)
    keyed = [(_dedup_key(integration, alert), index, alert) for index, alert in enumerate(alerts)]
    keyed.sort(key=lambda item: (item[0], item[1]))
    outcomes: list[Outcome | None] = [None] * len(alerts)
    fast = connection.vendor == "postgresql"
    now = timezone.now()
    for start in range(0, len(keyed), CHUNK):
        chunk = keyed[start : start + CHUNK]
        with transaction.atomic() if len(chunk) > 1 or not fast else nullcontext():
            if fast and len(chunk) > 1:
                _fire_together(integration, routing, chunk, outcomes, now)
            for key, index, alert in chunk:
                if outcomes[index] is not None:
                    continue
                outcome = _fire_fast(integration, routing, key, alert, now, guard) if fast else None
                if outcome is None:
                    with transaction.atomic():
                        outcome = _apply(integration, routing, key, alert, now)
                outcomes[index] = outcome
    if any(o is not None and o.action == "created" for o in outcomes):
        deadlines_due_now()  # the sweep finishes the declarations and pages
    return [o for o in outcomes if o is not None]


def _fire_together(
    integration: Integration,
    rules: "_Rules",
    chunk: list[tuple[str, int, AlertIn]],
    outcomes: list[Outcome | None],
    now: datetime,
) -> None:
    """The chunk's firings whose key comes once, in two statements (fast_batch); the
    outcomes of those it settles are filled in, the rest left for one at a time."""
    keys = Counter(key for key, _index, _alert in chunk)
    once = [
        (key, index, alert)
        for key, index, alert in chunk
        if keys[key] == 1 and alert.action == AlertStatus.FIRING
    ]
    if len(once) < 2:
        return
    found, ids = fast_batch.repeats(
        integration, [(key, alert) for key, _i, alert in once], now, REPEAT_ON_TIMELINE_EVERY
    )
    todo = []
    for key, index, alert in once:
        if key in found:
            outcomes[index] = Outcome(key, "appended", found[key])
        else:
            todo.append(
                (key, alert, route(integration, rules(), alert.labels, alert.severity_hint))
            )
    opened = fast_batch.open_incidents(integration, todo, ids, now)
    for key, index, _alert in once:
        if key in opened:
            outcomes[index] = Outcome(key, "created", opened[key])


def _fire_fast(
    integration: Integration,
    rules: "_Rules",
    key: str,
    alert: AlertIn,
    now: datetime,
    guard: Guard | None = None,
) -> Outcome | None:
    if alert.action != AlertStatus.FIRING:
        return None
    found = fast_intake.repeat(integration, key, alert, now, REPEAT_ON_TIMELINE_EVERY, guard)
    if isinstance(found, int):
        return Outcome(key, "appended", found)
    chosen = route(integration, rules(), alert.labels, alert.severity_hint)
    if fast_intake.open_incident(integration, chosen, key, alert, found, now) is not None:
        return Outcome(key, "created", found.incident)
    found = fast_intake.repeat(integration, key, alert, now, REPEAT_ON_TIMELINE_EVERY)
    return Outcome(key, "appended", found) if isinstance(found, int) else None


class _Rules:
    """The integration's routing rules, read once per delivery and only if an incident opens
    (a repeat, the common case, needs none)."""

    def __init__(self, integration: Integration, loaded: list[RoutingRule] | None) -> None:
        self.integration = integration
        self.loaded = loaded

    def __call__(self) -> list[RoutingRule]:
        if self.loaded is None:
            self.loaded = list(self.integration.rules.select_related("scenario"))
        return self.loaded


def _dedup_key(integration: Integration, alert: AlertIn) -> str:
    if integration.group_by == GroupBy.GROUP_KEY and alert.group_key:
        return alert.group_key
    return alert.fingerprint


def _apply(
    integration: Integration, rules: _Rules, key: str, alert: AlertIn, now: datetime
) -> Outcome:
    if alert.action == AlertStatus.FIRING:
        return _fire(integration, rules, key, alert, now)
    group, _previous = _open_group(integration, key)
    if group is None:
        return Outcome(key, "ignored")
    if alert.action == "acknowledge":
        _acknowledge(integration, group, now)
        return Outcome(key, "acknowledged", group.incident_id)
    _resolve(integration, group, alert, now)
    return Outcome(key, "resolved", group.incident_id)


def _fire(
    integration: Integration, rules: _Rules, key: str, alert: AlertIn, now: datetime
) -> Outcome:
    """Append to the open incident of this key, or open one (and link the last one)."""
    incident_id = _append(integration, key, alert, now)
    if incident_id is not None:
        return Outcome(key, "appended", incident_id)
    group, previous = _open_group(integration, key)
    if group is None:
        created = _try_open(integration, rules, key, alert, previous, now)
        if created is not None:
            return Outcome(key, "created", created.incident_id)
    incident_id = _append(integration, key, alert, now)  # another delivery opened it meanwhile
    assert incident_id is not None
    return Outcome(key, "appended", incident_id)


def _open_group(integration: Integration, key: str) -> tuple[AlertGroup | None, AlertGroup | None]:
    """The open group for this key, locked; a group whose incident was resolved or closed
    since is closed here and handed back as `previous`."""
    group = (
        AlertGroup.objects.select_for_update(of=("self",))
        .select_related("incident")
        .filter(integration=integration, dedup_key=key, is_open=True)
        .first()
    )
    if group is None or group.incident is None:
        return None, None
    if group.incident.is_open:
        return group, None
    AlertGroup.objects.filter(pk=group.pk).update(is_open=False)
    return None, group


def _try_open(
    integration: Integration,
    rules: _Rules,
    key: str,
    alert: AlertIn,
    previous: AlertGroup | None,
    now: datetime,
) -> AlertGroup | None:
    """Open the group and its incident; None when a concurrent delivery opened it first."""
    chosen = route(integration, rules(), alert.labels, alert.severity_hint)
    try:
        with transaction.atomic():
            group = AlertGroup.objects.create(
                integration=integration,
                dedup_key=key,
                previous=previous,
                first_seen_at=now,
                last_seen_at=now,
                service=chosen.service,
                routed_by_rule=chosen.rule is not None,
                no_scenario=chosen.scenario is None,
            )
    except IntegrityError:
        return None
    group.incident = incident_declare(
        title=alert.title or f"Alert from {integration.name}",
        severity=chosen.severity,
        by=None,
        description=alert.description,
        source=IncidentSource.MONITORING,
        extra={"scenario": chosen.scenario} if chosen.scenario is not None else {},
        detected_at=alert.starts_at,
    )
    AlertGroup.objects.filter(pk=group.pk).update(incident=group.incident)
    _store_alert(group.pk, integration, alert, now, new=True)
    timeline_append(
        incident=group.incident,
        kind=events.ALERT_OPENED,
        at=group.incident.opened_at,  # right after "declared", which is stamped a bit later
        data={
            "integration": integration.name,
            "kind": integration.kind,
            "dedup_key": key,
            "previous": previous.incident_id if previous else None,
            "rule": str(chosen.rule) if chosen.rule else "",
            "service": chosen.service,
            "no_scenario": chosen.scenario is None,
        },
    )
    return group


def _store_alert(
    group_id: int, integration: Integration, alert: AlertIn, now: datetime, *, new: bool = False
) -> bool:
    """Insert or refresh the alert row (`new`: the group was just opened, nothing to refresh);
    True when it is new to the group. Unchanged, it is rewritten at most once a minute, as
    on the fast path (fast_intake.ALERT_REFRESH)."""
    fields = {
        "status": alert.action,
        "labels": alert.labels,
        "annotations": alert.annotations,
        "links": alert.links,
        "ends_at": alert.ends_at,
        "received_at": now,
    }
    if alert.title:
        fields["title"] = alert.title
    if alert.starts_at:
        fields["starts_at"] = alert.starts_at
    if not new:
        current = Alert.objects.filter(group_id=group_id, fingerprint=alert.fingerprint).first()
        if current is not None:
            fresh = current.received_at > now - REPEAT_ON_TIMELINE_EVERY
            if not (
                fresh
                and all(getattr(current, k) == v for k, v in fields.items() if k != "received_at")
            ):
                Alert.objects.filter(pk=current.pk).update(**fields)
            return False
    Alert.objects.create(
        group_id=group_id, integration=integration, fingerprint=alert.fingerprint, **fields
    )
    return True


# A repeat in one statement: count it and take the group's row lock, only if the group is
# open and its incident too; whether the repeat is due on the timeline comes back with it.
_REPEAT_SQL = f"""
UPDATE {AlertGroup._meta.db_table}
   SET count = count + 1, last_seen_at = %s, alerts_resolved_at = NULL,
       timeline_at = CASE WHEN timeline_at IS NULL OR timeline_at <= %s THEN %s
                          ELSE timeline_at END
 WHERE integration_id = %s AND dedup_key = %s AND is_open
   AND incident_id IN (SELECT id FROM {Incident._meta.db_table} WHERE status IN (%s, %s, %s))
RETURNING id, incident_id, count, timeline_at = %s
"""


def _append(integration: Integration, key: str, alert: AlertIn, now: datetime) -> int | None:
    """A repeat firing: count it, refresh the alert, on the timeline at most once a minute,
    page no one. The incident's id, or None when the key has no open incident."""
    adapt = connection.ops.adapt_datetimefield_value
    stamp = adapt(now)
    params = [stamp, adapt(now - REPEAT_ON_TIMELINE_EVERY), stamp, integration.pk, key,
              *OPEN_STATUSES, stamp]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_REPEAT_SQL, params)
        row = cursor.fetchone()
    if row is None:
        return None
    group_id, incident_id, count, due = row
    new = _store_alert(group_id, integration, alert, now)
    if new or due:
        timeline_append(
            incident=Incident(pk=incident_id),
            kind=events.ALERT_ADDED if new else events.ALERT_REPEATED,
            at=now,
            data={"fingerprint": alert.fingerprint, "title": alert.title, "count": count},
        )
    return int(incident_id)


def _acknowledge(integration: Integration, group: AlertGroup, now: datetime) -> None:
    incident = group.incident
    assert incident is not None
    if incident.status != IncidentStatus.TRIGGERED:
        return
    try:
        incident_acknowledge(incident=incident, by=None)
    except IncidentActionError:
        return  # a person acknowledged it a moment earlier: one outcome
    timeline_append(
        incident=incident,
        kind=events.ALERT_ACKNOWLEDGED,
        at=now,
        data={"integration": integration.name},
    )


def _resolve(integration: Integration, group: AlertGroup, alert: AlertIn, now: datetime) -> None:
    incident = group.incident
    assert incident is not None
    changed = Alert.objects.filter(
        group=group, fingerprint=alert.fingerprint, status=AlertStatus.FIRING
    ).update(status=AlertStatus.RESOLVED, ends_at=alert.ends_at or now, received_at=now)
    if not changed:
        return  # already resolved (an HA twin) or never seen in this group
    timeline_append(
        incident=incident,
        kind=events.ALERT_RESOLVED,
        at=now,
        data={"fingerprint": alert.fingerprint, "title": alert.title},
    )
    if group.alerts.filter(status=AlertStatus.FIRING).exists():
        return
    AlertGroup.objects.filter(pk=group.pk).update(alerts_resolved_at=now)
    mitigate = integration.mitigate_when_resolved
    mitigated = False
    if mitigate and incident.status == IncidentStatus.ACKNOWLEDGED:
        try:
            incident_mitigate(incident=incident, by=None)
            mitigated = True
        except IncidentActionError:
            mitigated = False
    timeline_append(
        incident=incident,
        kind=events.ALERTS_ALL_RESOLVED,
        at=now,
        data={
            "integration": integration.name,
            "mitigated": mitigated,
            "not_acknowledged": mitigate and incident.status == IncidentStatus.TRIGGERED,
        },
    )
