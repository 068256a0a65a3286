from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def render_page_or_partial(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    """The view, not the client, decides: HTMX gets the named partial, others the page."""
    name = f"{template}#{partial}" if getattr(request, "htmx", False) else template
    return render(request, name, context, **kwargs)


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def acting_user(request: HttpRequest) -> User:
    """The signed-in user; every view using it is behind login_required."""
    return cast(User, request.user)


def form_errors_text(form: forms.Form) -> str:
    return "; ".join(str(error) for errors in form.errors.values() for error in errors)
