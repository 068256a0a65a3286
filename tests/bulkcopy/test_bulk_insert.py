"""Many rows in one statement (COPY on PostgreSQL): the same rows an INSERT would write."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bulkcopy import bulk_insert, insert_rows
from incidents.models import TimelineEvent
from notifications.models import Notification, NotificationStatus


def _notification(incident, user, key: str) -> Notification:
    now = timezone.now()
    return Notification(
        incident=incident,
        user=user,
        channel="slack",
        address="@ana",
        subject="[P1] Título com acentuação",
        body="Linha 1\n\tLinha 2 com \\ barra",
        reason="sla_breached",
        key=key,
        fallbacks=[[["email", "ana@example.com"]]],
        created_at=now,
        next_attempt_at=now,
    )


def test_instances_get_their_ids_and_every_value_as_given(declare, responder):
    incident = declare("P1")
    rows = [_notification(incident, responder, f"bulk:{n}") for n in range(3)]

    with CaptureQueriesContext(connection) as queries:
        bulk_insert(rows)

    assert all(row.pk for row in rows) and len({row.pk for row in rows}) == 3
    assert not any("INSERT" in q["sql"] and "notification" in q["sql"] for q in queries[1:])
    stored = Notification.objects.get(pk=rows[1].pk)
    assert stored.key == "bulk:1" and stored.body == "Linha 1\n\tLinha 2 com \\ barra"
    assert stored.subject == "[P1] Título com acentuação"
    assert stored.fallbacks == [[["email", "ana@example.com"]]]
    assert stored.status == NotificationStatus.QUEUED and stored.attempts == 0
    assert stored.updated_at is not None  # auto_now is honoured


def test_plain_rows_are_written_in_one_statement(declare):
    incident = declare("P1")
    at = timezone.now()
    before = incident.timeline.count()
    rows = [(incident.pk, "note_added", None, at, {"text": f"nota {n}", "n": n}) for n in range(50)]

    with CaptureQueriesContext(connection) as queries:
        written = insert_rows(
            TimelineEvent, ("incident_id", "kind", "actor_id", "created_at", "data"), rows
        )

    assert written == 50 and len(queries) == 1
    notes = list(incident.timeline.filter(kind="note_added").order_by("id"))
    assert incident.timeline.count() == before + 50
    assert [e.data["n"] for e in notes] == list(range(50)) and notes[7].data["text"] == "nota 7"


def test_a_duplicate_key_raises_and_writes_none_of_the_rows(declare, responder):
    incident = declare("P1")
    bulk_insert([_notification(incident, responder, "taken")])

    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert([_notification(incident, responder, k) for k in ("fresh", "taken")])

    assert list(Notification.objects.values_list("key", flat=True)) == ["taken"]
