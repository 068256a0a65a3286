"""What people see of the sweep: breached SLAs, the backlog, who was paged at each clock."""

from datetime import timedelta

import pytest
import time_machine

from incidents.services import incident_acknowledge

from .conftest import T0

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)


def _page(client, url):
    client.post("/me/language/", {"language": "en"})
    return client.get(url).content.decode()


def test_dashboard_marks_breached_sla_and_backlog(
    oncall, declare_at, sweep_at, client, commander, responder
):
    breached = declare_at("P1", title="Checkout is slow")
    on_time = declare_at("P1", title="Search is flaky")
    parked = declare_at("P3", title="Typo on the footer")
    with time_machine.travel(T0 + 59 * MIN, tick=False):
        incident_acknowledge(incident=on_time, by=responder)
    sweep_at(T0 + 2880 * MIN)
    client.force_login(commander)
    html = _page(client, "/")
    row = lambda pk: html.split(f'id="incident-{pk}"')[1].split("</article>")[0]  # noqa: E731
    assert "SLA breached" in row(breached.pk)
    assert "SLA breached" not in row(on_time.pk)
    assert "Backlog" in row(parked.pk)
    assert "Backlog" not in row(breached.pk)


def test_clocks_panel_says_who_was_paged_at_each_deadline(
    oncall, declare_at, sweep_at, client, commander
):
    incident = declare_at("P1")
    sweep_at(T0 + 121 * MIN)
    client.force_login(commander)
    html = _page(client, f"/incidents/{incident.pk}/")
    clocks = html.split('id="clocks"')[1].split("</section>")[0]
    outcomes = clocks.split('data-testid="clock-outcome">')[1:]
    # At open, at the breach (the second page), at 2x.
    assert [o.split("</span>")[0] for o in outcomes] == [
        "paged <bdi>Ana Souza</bdi>",
        "paged <bdi>Ana Souza</bdi>",
        "paged <bdi>Rafael Costa</bdi>",
    ]
    assert 'data-testid="sla-breached"' in html.split('id="clocks"')[0]  # the header marker
