from datetime import date, datetime, timedelta

import time_machine

from incidents.models import Deadline
from reviews.action_items import action_item_add, action_item_close
from reviews.clocks import ACTIONS, DRAFT, MEETING
from reviews.models import Review
from reviews.services import review_record_meeting, review_save, review_submit

from .conftest import SP, T0, pages, sweep

H = timedelta(hours=1)


def _due(incident, kind):
    return Deadline.objects.get(incident=incident, kind=kind)


def _write_root_cause(review, by):
    return review_save(
        review=review, by=by, version=review.version, fields={"root_cause": "A full disk."}
    )


def test_postmortem_clocks_chain_from_resolution(resolved):
    incident = resolved("P1")
    assert _due(incident, DRAFT).due_at == T0 + 24 * H
    assert _due(incident, MEETING).due_at == T0 + 72 * H
    assert _due(incident, ACTIONS).due_at == T0 + 72 * H + timedelta(days=7)
    assert {
        d.stops_on for d in Deadline.objects.filter(incident=incident, kind__startswith="review")
    } == {"never"}


def test_postmortem_draft_overdue_pages_owner_then_managers_a_day_later(
    resolved, commander, manager
):
    incident = resolved("P1")
    sweep(T0 + 24 * H + timedelta(seconds=1))
    [page] = pages(incident, "review_overdue")
    assert page.user == commander
    assert incident.timeline.filter(kind="review_overdue", data__step=DRAFT).count() == 1
    assert _due(incident, DRAFT + "_managers").due_at == T0 + 48 * H
    sweep(T0 + 30 * H)  # nothing more before the managers' day
    assert len(pages(incident, "review_overdue")) == 1
    sweep(T0 + 48 * H + timedelta(seconds=1))
    assert [p.user for p in pages(incident, "review_overdue")] == [commander, manager]
    # Each clock fires once: sweeping again pages nobody.
    sweep(T0 + 49 * H)
    assert len(pages(incident, "review_overdue")) == 2


def test_postmortem_submitting_the_draft_stops_its_clocks(resolved, commander, manager):
    incident = resolved("P1")
    review = Review.objects.get(incident=incident)
    sweep(T0 + 25 * H)  # the draft is late: owner paged, managers' clock set
    with time_machine.travel(T0 + 30 * H, tick=False):
        review_submit(review=_write_root_cause(review, commander), by=commander)
    sweep(T0 + 50 * H)
    assert [p.user for p in pages(incident, "review_overdue")] == [commander]
    assert _due(incident, DRAFT).cancelled_at is not None
    # Late draft: the meeting clock starts at the draft's due time, not at the late submit.
    assert _due(incident, MEETING).due_at == T0 + 24 * H + 48 * H


def test_postmortem_an_early_draft_brings_the_meeting_forward(resolved, commander):
    incident = resolved("P1")
    review = Review.objects.get(incident=incident)
    with time_machine.travel(T0 + 10 * H, tick=False):
        review_submit(review=_write_root_cause(review, commander), by=commander)
    assert _due(incident, MEETING).due_at == T0 + 58 * H
    assert _due(incident, ACTIONS).due_at == T0 + 58 * H + timedelta(days=7)


def test_postmortem_meeting_and_action_items_stop_the_last_clocks(resolved, commander, responder):
    incident = resolved("P1")
    review = Review.objects.get(incident=incident)
    with time_machine.travel(T0 + 5 * H, tick=False):
        review = review_submit(review=_write_root_cause(review, commander), by=commander)
    with time_machine.travel(T0 + 20 * H, tick=False):
        review_record_meeting(
            review=review, by=commander, held_at=T0 + 19 * H, attendees=[commander, responder]
        )
        first = action_item_add(
            review=review, by=commander, title="Alert on disk usage", owner=responder
        )
        second = action_item_add(review=review, by=commander, title="Rotate logs", owner=commander)
    assert _due(incident, MEETING).cancelled_at is not None
    assert _due(incident, ACTIONS).due_at == T0 + 19 * H + timedelta(days=7)
    assert first.due_date == (T0 + 19 * H + timedelta(days=7)).date()  # default: meeting + 7 days
    with time_machine.travel(T0 + 30 * H, tick=False):
        action_item_close(item=first, by=responder, status="done")
        assert _due(incident, ACTIONS).is_pending
        action_item_close(item=second, by=commander, status="wont_do", reason="Logs moved to S3")
    assert _due(incident, ACTIONS).cancelled_at is not None
    sweep(T0 + timedelta(days=30))
    assert pages(incident, "review_overdue") == []


def test_postmortem_action_item_reminders_once_a_day_until_done(resolved, commander, responder):
    incident = resolved("P1")
    review = Review.objects.get(incident=incident)
    with time_machine.travel(T0 + H, tick=False):
        item = action_item_add(
            review=review,
            by=commander,
            title="Add a disk alert",
            owner=responder,
            due_date=date(2026, 3, 5),
        )
    morning = datetime(2026, 3, 6, 9, 0, tzinfo=SP)
    sweep(morning - timedelta(minutes=1))
    assert pages(incident, "action_item_overdue") == []
    sweep(morning + timedelta(seconds=1))
    sweep(morning + 3 * H)
    [page] = pages(incident, "action_item_overdue")
    assert page.user == responder
    assert incident.timeline.filter(kind="action_item_overdue").count() == 1
    sweep(morning + timedelta(days=1, seconds=1))
    assert len(pages(incident, "action_item_overdue")) == 2
    with time_machine.travel(morning + timedelta(days=1, hours=1), tick=False):
        action_item_close(item=item, by=responder, status="done")
    sweep(morning + timedelta(days=5))
    assert len(pages(incident, "action_item_overdue")) == 2


def test_postmortem_reminders_outlive_the_resolution(resolved, commander):
    """The incident is resolved before any review clock runs: its pages still go out."""
    from django.test import override_settings

    from notifications.delivery import notification_deliver
    from notifications.models import NotificationStatus

    incident = resolved("P1")
    sweep(T0 + 25 * H)
    [page] = pages(incident, "review_overdue")
    assert page.status != NotificationStatus.SUPERSEDED
    locmem = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with locmem, time_machine.travel(T0 + 25 * H, tick=False):
        outcome = notification_deliver(page.pk)
    # Tried (Slack is not configured here, so it fails over to the next channel), never
    # dropped as "no longer holds".
    assert outcome in ("delivered", "failed")
