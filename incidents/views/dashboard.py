from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ..access import permission_required
from ..panels import dashboard_markers
from ..selectors import open_incidents_by_urgency
from .helpers import render_page_or_partial

PAGE_SIZE = 25  # the most urgent first; a phone screen holds a few, a laptop a page


@login_required
@permission_required("incidents.view_incident")
def dashboard(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(open_incidents_by_urgency().visible_to(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    incidents = list(page.object_list)
    dashboard_markers(request, incidents)
    context = {
        "page": page,
        "incidents": incidents,
        "now": timezone.now(),
        "poll_seconds": settings.DASHBOARD_POLL_SECONDS,
        "can_acknowledge": request.user.has_perm("incidents.acknowledge_incident"),
    }
    return render_page_or_partial(request, "incidents/dashboard.html", "open-incidents", context)
