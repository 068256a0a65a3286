import csv
import io
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from escalation.models import EscalationRecord
from incidents.models import Incident, SeverityPolicy, TimelineEvent
from reviews.figures import figures_by
from reviews.reports import action_items_by_age, per_week, period_of
from reviews.views.history import CSV_COLUMNS
from runbooks.models import IncidentRunbook, Scenario

from .conftest import SP

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=SP)
M = timedelta(minutes=1)


def _incident(severity, opened, ack=None, resolve=None, title="Incident", scenario=None):
    policy = SeverityPolicy.objects.get(severity=severity)
    incident = Incident.objects.create(
        title=title,
        severity=severity,
        status="resolved" if resolve else ("acknowledged" if ack else "triggered"),
        acknowledge_minutes=policy.acknowledge_minutes,
        opened_at=opened,
        acknowledged_at=opened + ack * M if ack is not None else None,
        resolved_at=opened + resolve * M if resolve is not None else None,
    )
    if scenario:
        IncidentRunbook.objects.create(incident=incident, scenario=scenario, attached_at=opened)
    return incident


@pytest.fixture
def dataset(defaults):
    """P1: acknowledged after 2, 4, 6, 8, 70 min, resolved after 30, 60, 90, 120, 600 min
    (three of them scenario 1); P2: acknowledged after 30 and 90 min and one never."""
    scenario = Scenario.objects.create(number=1, title="Database down", severity="P0")
    base = NOW - timedelta(days=10)
    p1 = [
        _incident("P1", base + timedelta(hours=n), ack, res, scenario=scenario if n < 3 else None)
        for n, (ack, res) in enumerate([(2, 30), (4, 60), (6, 90), (8, 120), (70, 600)])
    ]
    _incident("P2", base - timedelta(days=3), 30, 100)
    _incident("P2", base - timedelta(days=2), 90, None)
    _incident("P2", base - timedelta(days=1))
    _incident("P1", NOW - timedelta(days=200), 1, 2)  # outside the period
    record = {"due_at": base, "fired_at": base, "summary": ""}
    EscalationRecord.objects.create(incident=p1[4], level="escalation_engineer", **record)
    EscalationRecord.objects.create(incident=p1[4], level="incident_commander", **record)
    EscalationRecord.objects.create(incident=p1[3], level="acknowledge", **record)  # not one
    return p1


def test_reports_figures_per_severity_match_the_hand_computed_ones(dataset):
    period = period_of(None, NOW.date(), days=90)
    rows = {r.key: r for r in figures_by("severity", period.start, period.end)}
    p1, p2 = rows["P1"], rows["P2"]
    assert (p1.incidents, p1.acknowledged, p1.resolved) == (5, 5, 5)
    assert p1.mtta_p50 == pytest.approx(6 * 60)
    assert p1.mtta_p90 == pytest.approx((8 + 0.6 * (70 - 8)) * 60)  # 45.2 min
    assert p1.mttr_p50 == pytest.approx(90 * 60)
    assert p1.mttr_p90 == pytest.approx((120 + 0.6 * (600 - 120)) * 60)  # 408 min
    assert (p1.within_sla, p1.sla_share) == (4, 0.8)  # 70 min > the P1's 60
    assert p1.escalations == 2
    assert (p2.incidents, p2.acknowledged, p2.resolved) == (3, 2, 1)
    assert p2.mtta_p50 == pytest.approx(60 * 60)
    assert p2.mtta_p90 == pytest.approx(84 * 60)
    assert p2.mttr_p50 == p2.mttr_p90 == pytest.approx(100 * 60)
    assert p2.within_sla == 2 and p2.escalations == 0


def test_reports_figures_per_scenario(dataset):
    period = period_of(None, NOW.date(), days=90)
    rows = {r.key: r for r in figures_by("scenario", period.start, period.end)}
    assert rows[1].incidents == 3 and rows[1].mtta_p50 == pytest.approx(4 * 60)
    assert rows[1].mttr_p90 == pytest.approx((60 + 0.8 * 30) * 60)  # 84 min
    assert rows[0].incidents == 5  # no scenario


def test_reports_weekly_counts_and_action_item_ages(dataset, commander):
    period = period_of(None, NOW.date(), days=90)
    weekly = per_week(period)
    assert sum(weekly["series"]["P1"]) == 5 and sum(weekly["series"]["P2"]) == 3
    assert sum(sum(s) for s in weekly["series"].values()) == 8
    ages = action_items_by_age(NOW)
    assert [b["open"] for b in ages] == [0, 0, 0, 0]


def test_reports_console_page_for_managers_only(dataset, manager, responder, client):
    client.force_login(responder)
    assert client.get(reverse("reviews:reports")).status_code == 403
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("reviews:reports"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="report-data"' in page and "chart.umd.min.js" in page
    assert "45 min" in page  # the P1's MTTA p90 in the table


def test_reports_history_filters_and_counts(dataset, responder, client):
    note_on = dataset[1]
    TimelineEvent.objects.create(
        incident=note_on, kind="note_added", created_at=NOW, data={"text": "disk full on db-2"}
    )
    client.force_login(responder)
    url = reverse("reviews:history")
    assert len(client.get(url).context["incidents"]) == 9
    assert [i.pk for i in client.get(url, {"q": "db-2"}).context["incidents"]] == [note_on.pk]
    only_p2 = client.get(url, {"severity": "P2", "status": "triggered"}).context["incidents"]
    assert len(only_p2) == 1
    assert len(client.get(url, {"scenario": 1}).context["incidents"]) == 3
    ranged = client.get(url, {"opened_from": "2026-03-10", "opened_to": "2026-03-10"})
    assert len(ranged.context["incidents"]) == 5
    assert ranged.context["counts"] == {"P1": 5}
    newest = client.get(url).context["incidents"]
    assert [i.opened_at for i in newest] == sorted((i.opened_at for i in newest), reverse=True)
    bad = client.get(url, {"opened_from": "2026-03-10", "opened_to": "2026-03-01"})
    assert bad.status_code == 400


def test_reports_csv_columns(dataset, responder, client):
    dataset[0].title = "=HYPERLINK(evil)"
    dataset[0].save()
    client.force_login(responder)
    response = client.get(reverse("reviews:history_csv"), {"severity": "P1"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == CSV_COLUMNS
    by_ref = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    first = by_ref[dataset[0].reference]
    assert first["title"] == "'=HYPERLINK(evil)"
    assert (first["minutes_to_acknowledge"], first["minutes_to_resolve"]) == ("2", "30")
    assert first["acknowledged_within_sla"] == "yes" and first["scenario"] == "Database down"
    assert by_ref[dataset[4].reference]["acknowledged_within_sla"] == "no"
    assert by_ref[dataset[4].reference]["escalations"] == "2"
    assert len(rows) == 1 + 6


def test_reviews_csv_history_and_console_agree_on_mtta_from_detection(defaults, manager, client):
    """An alert saw the problem 20 min before the incident was opened: MTTA and MTTR count
    from there on the console, in the CSV and on the history page alike (#12); the SLA
    (acknowledged 5 min after opening, within the P1's hour) still counts from opening."""
    opened = NOW - timedelta(days=2)
    incident = _incident("P1", opened, ack=5, resolve=60)
    Incident.objects.filter(pk=incident.pk).update(detected_at=opened - 20 * M)
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        console = client.get(reverse("reviews:reports"))
        response = client.get(reverse("reviews:history_csv"))
        history = client.get(reverse("reviews:history")).content.decode()
    [p1] = [row for row in console.context["by_severity"] if row.key == "P1"]
    html = console.content.decode()
    cells = re.findall(r"<td>([^<]*)</td>", html[html.index("<td>P1</td>") :])[:6]
    assert cells[2:4] == ["25 min", "25 min"]  # MTTA median and p90 on the page
    assert cells[4] == "1 h 20 min"  # MTTR median
    assert (p1.mtta_p50, p1.mttr_p50) == (25 * 60, 80 * 60)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert (row["minutes_to_acknowledge"], row["minutes_to_resolve"]) == ("25", "80")
    assert row["acknowledged_within_sla"] == "yes"
    row_html = history[history.index(incident.reference) :]
    assert "<td>25\xa0minutos</td>" in row_html[: row_html.index("</tr>")]
