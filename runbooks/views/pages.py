from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.access import check_perm, permission_required
from incidents.selectors import severity_matrix

from ..declare import picker_context
from ..selectors import on_call_contacts, quick_reference, reference_contacts


@login_required
@permission_required("runbooks.view_scenario")
def reference(request: HttpRequest) -> HttpResponse:
    reference = quick_reference()
    context = {
        "reference": reference,
        "contacts": reference_contacts(reference["contact"]),
        "on_call": on_call_contacts(),
        "policies": severity_matrix(),
    }
    return render(request, "runbooks/reference.html", context)


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    """The declare form's scenario picker, re-ranked from the title typed so far."""
    check_perm(request.user, "runbooks.attach_scenario")
    return render(request, "runbooks/_declare_picker.html", picker_context(request.GET))
