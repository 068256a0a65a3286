from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.access import permission_required

from . import devinbox


@login_required
@permission_required("incidents.view_incident")
def dev_inbox(request: HttpRequest) -> HttpResponse:
    """Every message "sent" on a development install (DEBUG only; 404 otherwise)."""
    if not devinbox.active():
        raise Http404
    return render(
        request, "notifications/dev_inbox.html", {"messages_sent": devinbox.inbox(request.user)}
    )
