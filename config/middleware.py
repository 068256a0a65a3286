"""Response headers Django has no setting for."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the browser features no page uses are off (settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class RejectNulBytesMiddleware:
    """No form field or query parameter may carry a NUL byte (PostgreSQL refuses it in text
    columns, so it would end in a 500 wherever a view forgot a form): such a request gets a
    400 that names the field (as JSON when JSON is asked for)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = self._field_with_nul(request)
        if field is not None:
            message = _("The field “%(field)s” contains a NUL character.") % {"field": field}
            if _wants_json(request):
                return JsonResponse({"error": message, "field": field}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _field_with_nul(request: HttpRequest) -> str | None:
        sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        for data in sources:
            for name, values in data.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return name.replace("\x00", "")
        # JSON bodies (the alert intake) are the views' to clean: an alert is never dropped.
        return None


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "json" in (request.content_type or "") or (
        "application/json" in accept and "text/html" not in accept
    )
