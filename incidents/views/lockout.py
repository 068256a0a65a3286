"""What a person sees when django-axes locks their login out (settings.AXES_LOCKOUT_CALLABLE):
the login page, saying when they can try again, with status 429. The lockout is logged."""

import logging
from typing import Any

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger("incidents.security")


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    # Every try during the lockout starts the cool-off again: it ends this long from now.
    until = timezone.now() + cool_off if cool_off else None
    logger.warning(
        "login locked out: username=%r ip=%s until=%s",
        username,
        get_client_ip_address(request),
        until.isoformat() if until else "an administrator resets it",
    )
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {"username": username, "until": until, "minutes": minutes, "locked_out": True}
    return render(request, "registration/locked_out.html", context, status=429)
