import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .models import Profile


class UserPreferencesMiddleware:
    """Show each signed-in person the dashboard in their own language and timezone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = None
        if request.user.is_authenticated:
            try:
                profile = request.user.profile  # type: ignore[union-attr]
            except Profile.DoesNotExist:
                profile = None
        if profile is not None:
            translation.activate(profile.language)
            request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
            timezone.activate(zoneinfo.ZoneInfo(profile.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
