"""The public status page: no login, nothing internal, served from the cache."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..selectors import status_page_incidents
from ..status_cache import TTL_SECONDS, status_page_key


@require_safe
def status_page(request: HttpRequest) -> HttpResponse:
    language = get_language() or "pt-br"
    key = status_page_key(language)
    html = cache.get(key)
    if html is None:
        incidents = status_page_incidents()
        html = render_to_string(
            "communications/status_page.html",
            {
                "incidents": incidents,
                "ongoing": [i for i in incidents if not i.is_resolved],
                "generated_at": timezone.now(),
                "time_zone": settings.TIME_ZONE,
            },
        )
        cache.set(key, html, TTL_SECONDS)
    response = HttpResponse(html)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    patch_cache_control(response, public=True, max_age=30)
    return response
