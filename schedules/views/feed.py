from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from incidents.access import permission_required
from incidents.views.helpers import acting_user

from .. import services
from ..calendar import calendar_for
from ..models import CalendarFeed


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's shifts as iCalendar, for their phone. No login: the secret URL is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(calendar_for(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@permission_required("schedules.view_rotation")
@require_POST
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    had = CalendarFeed.objects.filter(user=user).exists()
    services.calendar_feed_reset(user=user)
    if had:
        messages.success(request, _("New calendar link made: the old one no longer works."))
    return redirect(reverse("schedules:index"))
