"""The dashboard puts open incidents first; a person's action items follow, the most urgent
few, with a link to all of them."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from reviews.action_items import action_item_add
from reviews.models import Review

from .conftest import T0

TODAY = T0 + timedelta(days=20)


@pytest.fixture
def many_items(resolved, commander, responder):
    """Eight open items of the responder: three overdue (one P0), five due later."""
    review = Review.objects.get(incident=resolved("P1"))
    today = TODAY.date()
    due = [
        ("Later P2", today + timedelta(days=9), "P2"),
        ("Overdue oldest", today - timedelta(days=6), "P2"),
        ("Soon", today + timedelta(days=1), "P2"),
        ("Overdue same day P0", today - timedelta(days=2), "P0"),
        ("Overdue same day P2", today - timedelta(days=2), "P2"),
        ("Later P3", today + timedelta(days=12), "P3"),
        ("Next week", today + timedelta(days=7), "P1"),
        ("In three days", today + timedelta(days=3), "P2"),
    ]
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        for title, due_date, priority in due:
            action_item_add(
                review=review,
                by=commander,
                title=title,
                owner=responder,
                due_date=due_date,
                priority=priority,
            )
    return review


def _titles(html: str) -> list[str]:
    return re.findall(r'<li class="item-row[^"]*" id="my-item-\d+">\s*<div class="item-main">\s*'
                      r"<strong><bdi>([^<]+)</bdi></strong>", html)  # fmt: skip


def test_dashboard_shows_open_incidents_above_my_five_most_urgent_action_items(
    many_items, declare, responder, client
):
    with time_machine.travel(TODAY, tick=False):
        incident = declare("P0", "Database down")
        client.force_login(responder)
        html = client.get(reverse("incidents:dashboard")).content.decode()
    # The night responder sees the incident first; the follow-up work comes after it.
    assert html.index(f'id="incident-{incident.pk}"') < html.index('id="my-action-items"')
    assert _titles(html) == [
        "Overdue oldest",
        "Overdue same day P0",
        "Overdue same day P2",
        "Soon",
        "In three days",
    ]
    section = html[html.index('id="my-action-items"') :]
    assert section.count("pill-breached") == 3  # the three overdue ones say so
    link = re.search(r'<a class="see-all" href="([^"]+)">([^<]+)</a>', section)
    assert link is not None
    assert link.group(1) == reverse("reviews:my_items")
    assert "(8)" in link.group(2)


def test_dashboard_see_all_lists_every_open_action_item_in_the_same_order(
    many_items, responder, client
):
    client.force_login(responder)
    with time_machine.travel(TODAY, tick=False):
        html = client.get(reverse("reviews:my_items")).content.decode()
    titles = _titles(html)
    assert len(titles) == 8
    assert titles[:3] == ["Overdue oldest", "Overdue same day P0", "Overdue same day P2"]
    assert titles[-1] == "Later P3"


def test_dashboard_few_action_items_need_no_see_all_link(resolved, commander, responder, client):
    review = Review.objects.get(incident=resolved("P1"))
    action_item_add(
        review=review, by=commander, title="Rotate logs", owner=responder, due_date=date(2026, 4, 1)
    )
    client.force_login(responder)
    html = client.get(reverse("incidents:dashboard")).content.decode()
    assert _titles(html) == ["Rotate logs"]
    assert 'class="see-all"' not in html
