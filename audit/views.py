from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.access import permission_required

from .selectors import audit_entries

PAGE_SIZE = 50


@login_required
@permission_required("audit.view_auditentry")
def audit_log(request: HttpRequest) -> HttpResponse:
    model = request.GET.get("model", "")[:100]
    page = Paginator(audit_entries(model=model), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "model": model, "models": sorted(_models())}
    return render(request, "audit/log.html", context)


def _models() -> set[str]:
    from .services import audited_labels

    return audited_labels()
