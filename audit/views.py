from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.access import permission_required

from .selectors import audit_entries
from .services import audited_labels

PAGE_SIZE = 50


@login_required
@permission_required("audit.view_auditentry")
def audit_log(request: HttpRequest) -> HttpResponse:
    model = request.GET.get("model", "")[:100]
    page = Paginator(audit_entries(model=model), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "model": model, "models": sorted(audited_labels())}
    return render(request, "audit/log.html", context)
