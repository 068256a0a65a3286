from typing import Any

from django.http import HttpRequest
from django.urls import resolve
from django.urls.exceptions import Resolver404


def navigation(request: HttpRequest) -> dict[str, Any]:
    try:
        current = resolve(request.path_info).view_name
    except Resolver404:
        current = ""
    return {"current_view": current}
