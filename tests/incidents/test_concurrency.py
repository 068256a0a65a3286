import threading

import pytest
from django.db import connection, connections

from incidents.errors import IllegalTransition
from incidents.models import Incident
from incidents.services import incident_acknowledge

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; .ci/run runs this on PostgreSQL",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_responders_acknowledging_at_once_give_one_acknowledgement(
    declare, responder, responder2
):
    for _round in range(5):
        incident = declare("P0")
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def ack(user, barrier=barrier, incident=incident, outcomes=outcomes):
            barrier.wait()
            try:
                incident_acknowledge(incident=Incident.objects.get(pk=incident.pk), by=user)
                outcomes[user.username] = "ok"
            except IllegalTransition as exc:
                outcomes[user.username] = exc.messages[0]
            finally:
                connections.close_all()

        threads = [threading.Thread(target=ack, args=(u,)) for u in (responder, responder2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        incident.refresh_from_db()
        assert sorted(outcomes.values()).count("ok") == 1
        loser = next(v for v in outcomes.values() if v != "ok")
        winner_name = incident.acknowledged_by.get_full_name()
        assert f"Já reconhecido por {winner_name}" in loser
        assert incident.timeline.filter(kind="acknowledged").count() == 1
