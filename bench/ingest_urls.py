"""bench/ingest.py's URLs: the project's, plus one trivial view (the ceiling: the same
gunicorn, the same middleware, no database) at /bench/trivial."""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project_urls


@csrf_exempt
def trivial(request: HttpRequest) -> JsonResponse:
    request.read()  # the same body as the intake gets
    return JsonResponse({"incidents": []}, status=202)


urlpatterns = [*project_urls, path("bench/trivial", trivial)]
