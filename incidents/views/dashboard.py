from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ..access import permission_required
from ..panels import dashboard_markers, dashboard_panels
from ..selectors import DASHBOARD_SORTS, dashboard_incidents, dashboard_rows
from .helpers import render_page_or_partial

PAGE_SIZE = 25  # the most urgent first; a phone screen holds a few, a laptop a page


@login_required
@permission_required("incidents.view_incident")
def dashboard(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    sort = sort if sort in DASHBOARD_SORTS else DASHBOARD_SORTS[0]
    mine = request.GET.get("mine") == "1"
    rows = dashboard_incidents(request.user, sort=sort, mine=mine)
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    incidents = list(page.object_list)
    dashboard_rows(incidents)
    dashboard_markers(request, incidents)
    context = {
        "sort": sort,
        "mine": mine,
        "page": page,
        "incidents": incidents,
        "now": timezone.now(),
        "poll_seconds": settings.DASHBOARD_POLL_SECONDS,
        "can_acknowledge": request.user.has_perm("incidents.acknowledge_incident"),
    }
    if not getattr(request, "htmx", False):  # the list polls alone; the sections stay put
        context["dashboard_panels"] = dashboard_panels(request)
    return render_page_or_partial(request, "incidents/dashboard.html", "open-incidents", context)
