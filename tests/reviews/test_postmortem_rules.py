from datetime import timedelta

import pytest
import time_machine

from reviews.models import Review, ReviewCause
from reviews.services import review_request

from .conftest import T0


@pytest.mark.parametrize(
    ("severity", "needed"), [("P0", True), ("P1", True), ("P2", False), ("P3", False)]
)
def test_postmortem_is_mandatory_for_p0_and_p1_only(resolved, severity, needed):
    incident = resolved(severity)
    review = Review.objects.filter(incident=incident).first()
    assert (review is not None) is needed
    if review:
        assert review.cause == ReviewCause.SEVERITY
        assert incident.timeline.filter(kind="review_created").exists()


def _same_scenario(number=7):
    from runbooks.models import IncidentRunbook, Scenario

    scenario, _ = Scenario.objects.get_or_create(
        number=number, defaults={"title": "Rate limit hit", "severity": "P2"}
    )

    def attach(incident):
        IncidentRunbook.objects.create(
            incident=incident, scenario=scenario, attached_at=incident.opened_at
        )

    return attach


def test_postmortem_p2_recurring_three_times_in_30_days_needs_one(resolved):
    attach = _same_scenario()
    first = resolved("P2", at=T0 - timedelta(days=20), before=attach)
    second = resolved("P2", at=T0 - timedelta(days=10), before=attach)
    third = resolved("P2", at=T0, before=attach)
    assert not Review.objects.filter(incident__in=[first, second]).exists()
    assert Review.objects.get(incident=third).cause == ReviewCause.RECURRENCE


def test_postmortem_p2_twice_in_30_days_or_older_ones_do_not_count(resolved):
    attach = _same_scenario()
    resolved("P2", at=T0 - timedelta(days=45), before=attach)  # outside the 30 days
    resolved("P2", at=T0 - timedelta(days=5), before=attach)
    second = resolved("P2", at=T0, before=attach)
    assert not Review.objects.filter(incident=second).exists()


def test_postmortem_owner_is_the_commander_else_who_resolved(resolved, commander, responder):
    from incidents.models import Role, RoleKey
    from incidents.services import incident_assign_role

    def make_commander(incident):
        role = Role.objects.get(key=RoleKey.INCIDENT_COMMANDER)
        incident_assign_role(incident=incident, role=role, user=commander, by=commander)

    with_commander = resolved("P1", by=responder, before=make_commander)
    assert Review.objects.get(incident=with_commander).owner == commander
    without = resolved("P0", by=responder)
    # P0: the commander joins at open only when someone is on call; here nobody is.
    assert Review.objects.get(incident=without).owner == responder


def test_postmortem_a_commander_may_ask_for_one_on_any_incident(resolved, commander):
    incident = resolved("P3")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        review = review_request(incident=incident, by=commander)
    assert review.cause == ReviewCause.REQUESTED
    from incidents.errors import IncidentActionError

    with pytest.raises(IncidentActionError):
        review_request(incident=incident, by=commander)


def test_postmortem_p2_recurring_by_alert_counts_too(resolved):
    from django.utils import timezone

    from alerts.models import AlertGroup, Integration

    integration = Integration.objects.create(
        name="prometheus", kind="alertmanager", token_hash="x" * 64, token_rotated_at=timezone.now()
    )

    def fired(incident):
        AlertGroup.objects.create(
            integration=integration, dedup_key="fp-disk", incident=incident, is_open=False,
            first_seen_at=incident.opened_at, last_seen_at=incident.opened_at,
        )  # fmt: skip

    resolved("P2", at=T0 - timedelta(days=3), before=fired)
    resolved("P2", at=T0 - timedelta(days=2), before=fired)
    third = resolved("P2", at=T0, before=fired)
    assert Review.objects.get(incident=third).cause == ReviewCause.RECURRENCE
