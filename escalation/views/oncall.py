from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from incidents.access import permission_required
from incidents.selectors import severity_matrix

from ..selectors import roster_now


@login_required
@permission_required("incidents.view_incident")
def oncall(request: HttpRequest) -> HttpResponse:
    context = {"roster": roster_now(), "policies": severity_matrix(), "now": timezone.now()}
    return render(request, "escalation/oncall.html", context)
