"""This app's parts of the hub's pages (INCIDENT_PAGE_PANELS, DASHBOARD_PANELS)."""

from django.http import HttpRequest
from django.utils import timezone

from incidents.models import Incident
from incidents.panels import Panel

from .access import APPROVE, REQUEST, VIEW, can_write
from .selectors import my_open_action_items, overdue_reviews, review_clocks, review_for_incident


def review_badge(request: HttpRequest, incident: Incident) -> Panel | None:
    """Beside the status: the review's state, red when one of its clocks passed."""
    if not request.user.has_perm(VIEW):
        return None
    review = review_for_incident(incident)
    if review is None:
        return None
    overdue = [c for c in review_clocks(review) if c.overdue]
    return Panel("reviews/_badge.html", {"review": review, "overdue_clocks": overdue}, slot="head")


def review(request: HttpRequest, incident: Incident) -> Panel | None:
    """Once an incident is over: a link to its review, or a commander's button to ask for one."""
    user = request.user
    if not user.has_perm(VIEW):
        return None
    found = review_for_incident(incident)
    if found is None and (incident.is_open or not user.has_perm(REQUEST)):
        return None
    context = {
        "review": found,
        "clocks": review_clocks(found) if found else [],
        "can_write": found is not None and can_write(user, incident),
    }
    return Panel("reviews/_incident_panel.html", context)


DASHBOARD_ITEMS = 5  # the rest are on their own page, behind "See all (N)"


def my_action_items(request: HttpRequest) -> Panel | None:
    """The signed-in person's most urgent open action items (overdue first), below the open
    incidents: follow-up work, never in front of what is burning."""
    found = my_open_action_items(request.user)
    items = list(found[: DASHBOARD_ITEMS + 1])
    if not items:
        return None
    total = found.count() if len(items) > DASHBOARD_ITEMS else len(items)
    context = {"my_items": items[:DASHBOARD_ITEMS], "my_items_total": total}
    return Panel(
        "reviews/_my_action_items.html", {**context, "today": timezone.localdate()}, slot="foot"
    )


def overdue_reviews_panel(request: HttpRequest) -> Panel | None:
    """The reviews whose clocks passed: every one for managers, one's own for the others."""
    if not request.user.has_perm(VIEW):
        return None
    owner = None if request.user.has_perm(APPROVE) else request.user
    reviews = overdue_reviews(owner=owner)
    if not reviews:
        return None
    return Panel("reviews/_overdue_reviews.html", {"overdue_reviews": reviews}, slot="foot")
