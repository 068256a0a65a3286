from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def demo_health(request: HttpRequest) -> JsonResponse:
    """The demo backend's health endpoint (DEBUG only): what the playbook's checks expect
    from a healthy backend, so the demo's "Run" buttons pass (runbooks.bootstrap)."""
    if not settings.DEBUG:
        raise Http404
    return JsonResponse({"status": "ok", "database": "healthy"})
