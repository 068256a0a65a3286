"""THE access table: for every named URL, the status each role gets (tests/security).

Adding a URL? Add its row here, in the section of its app. A row says how the URL is
asked (method; a POST is sent with no data, so a form URL answers as it does to an empty
form) and the status code each kind of visitor gets:

    "app:name": Row("GET", anonymous=302, outsider=403, responder=200, commander=200,
                    manager=200, admin=200),

- anonymous: not logged in (302 = sent to the login page; a public page says 200).
- outsider: logged in, in no group. responder / commander / manager: the shipped groups.
  admin: a superuser.
- URL arguments: pk is an open incident's id, action "acknowledge", step 1, state "done".
  Anything else (or another object's pk): kwargs=lambda world: {"pk": ...} where world is
  tests.security.world.World (an incident, a restricted one, the users).
- method "GET+POST" (a page with its form): the statuses are GET's; the POST fuzz walk
  (test_security_post_fuzz) also posts to it. Every "POST" URL is walked too.

Run: .venv/bin/python -m pytest tests/security -k url_matrix
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "outsider", "responder", "commander", "manager", "admin")


@dataclass(frozen=True)
class Row:
    method: str
    anonymous: int
    outsider: int
    responder: int
    commander: int
    manager: int
    admin: int
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    # Extra fields the fuzz walk posts (fields of forms found on the pages are added).
    fields: tuple[str, ...] = field(default=())

    def expected(self, role: str) -> int:
        return int(getattr(self, role))

    @property
    def posts(self) -> bool:
        return "POST" in self.method


def _template(world: Any) -> dict[str, Any]:
    from communications.models import MessageTemplate

    return {"pk": MessageTemplate.objects.order_by("pk").values_list("pk", flat=True)[0]}


def _rotation(world: Any) -> dict[str, Any]:
    """A fresh rotation per request (a POST may delete it)."""
    from incidents.models import Role
    from schedules.models import Rotation, RotationMember

    role = Role.objects.get(key="product_owner")
    rotation = Rotation.objects.create(
        role=role, name="Sec", layer=Rotation.objects.count() + 1, start_date="2026-03-02"
    )
    RotationMember.objects.create(rotation=rotation, user=world.users["commander"], position=0)
    return {"pk": rotation.pk}


def _override(world: Any) -> dict[str, Any]:
    """A fresh override, made by the commander, per request (a POST may cancel it)."""
    from datetime import timedelta

    from django.utils import timezone

    from incidents.models import Role
    from schedules.models import Override

    now = timezone.now()
    override = Override.objects.create(
        role=Role.objects.get(key="product_owner"),
        user=world.users["commander"],
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        created_by=world.users["commander"],
        created_at=now,
    )
    return {"pk": override.pk}


def _integration(world: Any) -> dict[str, Any]:
    from alerts.models import Integration, RoutingRule
    from alerts.services.integrations import integration_create

    integration = Integration.objects.order_by("pk").first()
    if integration is None:
        integration, _token = integration_create(name="sec-prom", kind="alertmanager")
    rule = RoutingRule.objects.filter(integration=integration).first()
    if rule is None:
        rule = RoutingRule.objects.create(
            integration=integration, label="job", value="x", severity="P1"
        )
    return {"pk": integration.pk, "rule_pk": rule.pk, "action": "up"}


def _review(world: Any) -> dict[str, Any]:
    """The open incident's review (asked for by its commander), and one action item."""
    from reviews.action_items import action_item_add
    from reviews.models import ActionItem, Review
    from reviews.services import review_request

    review = Review.objects.filter(incident=world.incident).first()
    if review is None:
        review = review_request(incident=world.incident, by=world.users["commander"])
    item = ActionItem.objects.filter(review=review).first()
    if item is None:
        item = action_item_add(
            review=review,
            by=world.users["commander"],
            title="Probe",
            owner=world.users["commander"],
        )
    return {"pk": review.pk, "item": item.pk, "incident_pk": world.incident.pk}


def _reviewed(world: Any) -> dict[str, Any]:
    return {"pk": _review(world)["pk"]}


def _reviewed_incident(world: Any) -> dict[str, Any]:
    return {"incident_pk": _review(world)["incident_pk"]}


def _workflow(world: Any) -> dict[str, Any]:
    return {"pk": _review(world)["pk"], "action": "submit"}


def _action_item(world: Any) -> dict[str, Any]:
    return {"pk": _review(world)["item"]}


URL_ACCESS: dict[str, Row] = {
    # --- config/urls.py
    "login": Row("GET+POST", 200, 302, 302, 302, 302, 302, fields=("username", "password")),
    "logout": Row("POST", 302, 302, 302, 302, 302, 302),
    "admin:index": Row("GET", 302, 302, 302, 302, 302, 200),
    "admin:login": Row("GET+POST", 200, 200, 200, 200, 200, 302),
    # --- incidents/urls.py
    "incidents:dashboard": Row("GET", 302, 403, 200, 200, 200, 200),
    "incidents:declare": Row("GET+POST", 302, 403, 200, 200, 403, 200),
    "incidents:detail": Row("GET", 302, 403, 200, 200, 200, 200),
    "incidents:transition": Row("POST", 302, 403, 302, 302, 403, 302, fields=("reason",)),
    "incidents:severity": Row("POST", 302, 403, 403, 302, 403, 302),
    "incidents:assign_role": Row("POST", 302, 403, 403, 302, 403, 302),
    "incidents:unassign_role": Row("POST", 302, 403, 403, 302, 403, 302, fields=("reason",)),
    "incidents:add_note": Row("POST", 302, 403, 302, 302, 403, 302),
    "incidents:restrict": Row("POST", 302, 403, 403, 302, 403, 302, fields=("restricted",)),
    "incidents:preferences": Row("GET+POST", 302, 200, 200, 200, 200, 200),
    "incidents:set_language": Row("POST", 302, 400, 400, 400, 400, 400, fields=("language",)),
    # --- escalation/urls.py
    "escalation:oncall": Row("GET", 302, 403, 200, 200, 200, 200),
    "escalation:health": Row("GET", 503, 503, 503, 503, 503, 503),
    # from 127.0.0.1 (the test client), which METRICS_ALLOWED_NETWORKS allows by default
    "escalation:metrics": Row("GET", 200, 200, 200, 200, 200, 200),
    # --- schedules/urls.py
    "schedules:index": Row("GET", 302, 403, 200, 200, 200, 200),
    "schedules:role": Row(
        "GET", 302, 403, 200, 200, 200, 200, lambda w: {"role_key": "first_responder"}
    ),
    "schedules:rotation_new": Row(
        "GET+POST", 302, 403, 403, 200, 200, 200, lambda w: {"role_key": "first_responder"}
    ),
    "schedules:rotation_edit": Row("GET+POST", 302, 403, 403, 200, 200, 200, _rotation),
    "schedules:rotation_delete": Row("POST", 302, 403, 403, 302, 302, 302, _rotation),
    "schedules:override_new": Row(
        "POST", 302, 403, 400, 400, 400, 400, lambda w: {"role_key": "first_responder"}
    ),
    "schedules:override_cancel": Row("POST", 302, 403, 302, 302, 302, 302, _override),
    "schedules:feed": Row("GET", 404, 404, 404, 404, 404, 404, lambda w: {"token": "not-a-feed"}),
    "schedules:feed_reset": Row("POST", 302, 403, 302, 302, 302, 302),
    # --- notifications/urls.py (the dev inbox exists only on a DEBUG install: 404 in tests)
    "notifications:dev_inbox": Row("GET", 302, 403, 404, 404, 404, 404),
    # Anyone logged in sets their own notification rules (an empty form: 400) and tests
    # their own channels; the acknowledge link needs no login (a bad token: 404 for all).
    "notifications:rules_save": Row("POST", 302, 400, 400, 400, 400, 400),
    "notifications:trial_send": Row("POST", 302, 302, 302, 302, 302, 302),
    "notifications:trial_status": Row("GET", 302, 200, 200, 200, 200, 200),
    "notifications:ack_link": Row(
        "GET+POST", 404, 404, 404, 404, 404, 404, kwargs=lambda world: {"token": "1-forged"}
    ),
    # Acknowledging one's own page: nobody paged here, so each is sent back with the error.
    "notifications:page_ack": Row("POST", 302, 403, 302, 302, 302, 302),
    # --- communications/urls.py
    "communications:status_page": Row("GET", 200, 200, 200, 200, 200, 200),
    "communications:compose": Row("GET+POST", 302, 403, 403, 200, 403, 200),
    "communications:waive_resolved": Row("POST", 302, 403, 403, 302, 403, 302, fields=("reason",)),
    "communications:templates": Row("GET", 302, 403, 200, 200, 200, 200),
    "communications:template_edit": Row("GET+POST", 302, 403, 200, 200, 200, 200, _template),
    # --- runbooks/urls.py
    "runbooks:demo_health": Row("GET", 404, 404, 404, 404, 404, 404),  # DEBUG only
    "runbooks:reference": Row("GET", 302, 403, 200, 200, 200, 200),
    "runbooks:suggest": Row("GET", 302, 403, 200, 200, 403, 200),
    "runbooks:attach": Row("POST", 302, 403, 302, 302, 403, 302, fields=("scenario",)),
    "runbooks:run_check": Row("POST", 302, 403, 302, 302, 403, 302),
    "runbooks:step_reopen": Row("POST", 302, 403, 302, 302, 403, 302),
    "runbooks:step_mark": Row("POST", 302, 403, 302, 302, 403, 302, fields=("reason",)),
    "runbooks:waive": Row("POST", 302, 403, 403, 302, 403, 302, fields=("reason",)),
    "runbooks:confirm_rollback": Row("POST", 302, 403, 403, 302, 403, 302, fields=("reason",)),
    "runbooks:personal_data": Row("POST", 302, 403, 302, 302, 403, 302, fields=("affected",)),
    "runbooks:answer_condition": Row(
        "POST",
        302,
        403,
        302,
        302,
        403,
        302,
        kwargs=lambda world: {"pk": world.incident.pk, "rule": 1},
        fields=("holds",),
    ),
    "runbooks:breach_confirm": Row("POST", 302, 403, 302, 302, 403, 302),
    "runbooks:anpd_notified": Row("POST", 302, 403, 403, 302, 403, 302, fields=("protocol",)),
    "runbooks:authority_notice": Row("GET+POST", 302, 403, 403, 200, 403, 200),
    # --- alerts/urls.py (the intake endpoints take a token, never a session)
    "alerts:alertmanager": Row("POST", 401, 401, 401, 401, 401, 401),
    "alerts:grafana": Row("POST", 401, 401, 401, 401, 401, 401),
    "alerts:events": Row("POST", 401, 401, 401, 401, 401, 401),
    "alerts:integrations": Row("GET+POST", 302, 403, 200, 200, 200, 200, fields=("name", "kind")),
    "alerts:integration": Row("GET+POST", 302, 403, 200, 200, 200, 200, _integration),
    "alerts:rotate_token": Row("POST", 302, 403, 403, 200, 200, 200, _integration),
    "alerts:add_rule": Row("POST", 302, 403, 403, 400, 400, 400, _integration),
    "alerts:change_rule": Row("POST", 302, 403, 403, 302, 302, 302, _integration),
    # --- reviews/urls.py (writers: those who took part: the commander who declared it and
    # the responder, who holds First Responder on it; managers approve, not write)
    "reviews:history": Row("GET", 302, 403, 200, 200, 200, 200),
    "reviews:history_csv": Row("GET", 302, 403, 200, 200, 200, 200),
    "reviews:reports": Row("GET", 302, 403, 403, 403, 200, 200),
    "reviews:detail": Row("GET", 302, 403, 200, 200, 200, 200, _reviewed),
    "reviews:export": Row("GET", 302, 403, 200, 200, 200, 200, _reviewed),
    "reviews:save": Row("POST", 302, 403, 400, 400, 403, 400, _reviewed),
    "reviews:preview": Row("POST", 302, 403, 200, 200, 403, 200, _reviewed),
    "reviews:meeting": Row("POST", 302, 403, 302, 302, 403, 302, _reviewed),
    "reviews:amend": Row("POST", 302, 403, 302, 302, 302, 302, _reviewed),
    "reviews:owner": Row("POST", 302, 403, 302, 302, 302, 302, _reviewed),
    "reviews:item_add": Row("POST", 302, 403, 302, 302, 403, 302, _reviewed),
    "reviews:workflow": Row("POST", 302, 403, 302, 302, 403, 302, _workflow),
    "reviews:for_incident": Row("GET", 302, 403, 302, 302, 302, 302, _reviewed_incident),
    "reviews:request": Row("POST", 302, 403, 403, 302, 403, 302, _reviewed_incident),
    "reviews:my_items": Row("GET", 302, 403, 200, 200, 200, 200),
    "reviews:item_edit": Row("GET+POST", 302, 403, 200, 200, 403, 200, _action_item),
    "reviews:item_close": Row("POST", 302, 403, 302, 302, 403, 302, _action_item),
    "reviews:item_reopen": Row("POST", 302, 403, 302, 302, 403, 302, _action_item),
    # --- audit/urls.py
    "audit:log": Row("GET", 302, 403, 403, 403, 200, 200),
}
