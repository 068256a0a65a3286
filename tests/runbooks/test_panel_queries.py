import os
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from incidents.errors import IncidentActionError
from runbooks.models import StepProgress
from runbooks.services import scenario_attach, step_mark

from .conftest import scenario_titled


def page_queries(client, incident):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == 200
    return len(queries)


def test_incident_page_costs_the_same_whatever_the_checklist_size(
    client, imported, declare, responder, commander
):
    small = declare("P2", "Rate limited by OpenAI")  # 9 steps
    big = declare("P0", "Breach")  # 16 steps
    scenario_attach(incident=small, scenario=scenario_titled("Rate Limit"), by=responder)
    scenario_attach(incident=big, scenario=scenario_titled("Security Breach"), by=responder)
    for incident in (small, big):
        for step in incident.runbook.scenario.steps.filter(section="diagnosis"):
            step_mark(incident=incident, step=step, state="done", by=responder)
    # A commander sees restricted incidents (the breach is one) without a participation check.
    client.force_login(commander)
    page_queries(client, small)  # warm caches (content types, sessions)
    assert page_queries(client, small) == page_queries(client, big)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks need PostgreSQL; .ci/run runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_responders_ticking_the_same_step_at_once_give_one_outcome(
    imported, declare, responder, responder2
):
    incident = declare("P0", "Database down")
    scenario_attach(incident=incident, scenario=scenario_titled("Database Down"), by=responder)
    step = incident.runbook.scenario.steps.get(section="diagnosis", order=0)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def tick(user):
        translation.activate("en")
        try:
            barrier.wait()
            step_mark(incident=incident, step=step, state="done", by=user)
            outcomes.append("ok")
        except IncidentActionError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick, args=(u,)) for u in (responder, responder2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcomes.count("ok") == 1
    assert any(o.startswith("Already marked done by") for o in outcomes)
    assert StepProgress.objects.filter(incident=incident).count() == 1
    assert incident.timeline.filter(kind="step_done").count() == 1
