"""page_people: many pages in one go, idempotent on their keys, one message after commit."""

from functools import partial

from incidents.models import Profile
from notifications.dispatch import dispatch_many
from notifications.models import Notification
from notifications.services import PageRequest, page_people, page_person

from .conftest import kinds


def _rows(key: str) -> list[tuple[str, str, str, int]]:
    return list(
        Notification.objects.filter(key__startswith=key)
        .order_by("stage", "id")
        .values_list("channel", "address", "status", "stage")
    )


def test_pages_everyone_once_and_queues_one_message(
    incident, responder, responder2, commander, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=commander).update(slack_handle="", phone="")
    commander.profile.refresh_from_db()
    people = [responder, responder2, commander]
    requests = [PageRequest(incident, u, "sla_breached", f"batch:{u.pk}") for u in people]
    with django_capture_on_commit_callbacks() as queued:
        roots = page_people(requests)

    assert [r.user_id for r in roots] == [u.pk for u in people]
    assert _rows(f"batch:{responder.pk}") == [("slack", "@ana", "queued", 0)]
    # Nobody to mention on Slack: failed at once, then email + SMS, SMS without a number.
    assert _rows(f"batch:{commander.pk}") == [
        ("slack", "", "superseded", 0),
        ("email", commander.email, "queued", 1),
        ("sms", "", "failed", 1),
    ]
    assert kinds(incident) == ["page_failed", "page_fallback", "page_failed"]
    [message] = queued
    assert isinstance(message, partial) and message.func is dispatch_many
    queued_ids = set(Notification.objects.filter(status="queued").values_list("pk", flat=True))
    assert set(message.args[0]) == queued_ids and len(queued_ids) == 3


def test_paging_the_same_keys_again_changes_nothing(
    incident, responder, responder2, django_capture_on_commit_callbacks
):
    first = page_people([PageRequest(incident, responder, "sla_breached", "again:1")])
    with django_capture_on_commit_callbacks() as queued:
        roots = page_people(
            [
                PageRequest(incident, responder, "sla_breached", "again:1"),
                PageRequest(incident, responder2, "sla_breached", "again:2"),
                PageRequest(incident, responder2, "sla_breached", "again:2"),
            ]
        )

    assert roots[0].pk == first[0].pk and roots[1].pk == roots[2].pk
    assert Notification.objects.count() == 2
    assert [c.args for c in queued] == [([roots[1].pk],)]  # only the new one


def test_page_person_and_page_people_write_the_same_rows(incident, responder, commander):
    Profile.objects.filter(user=commander).update(slack_handle="")
    commander.profile.refresh_from_db()
    for user in (responder, commander):
        page_person(incident=incident, user=user, reason="manual", key=f"one:{user.pk}")
    page_people(
        [PageRequest(incident, u, "manual", f"many:{u.pk}") for u in (responder, commander)]
    )

    for user in (responder, commander):
        assert _rows(f"one:{user.pk}") == _rows(f"many:{user.pk}")
