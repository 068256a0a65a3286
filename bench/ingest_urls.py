"""bench/ingest.py's URLs: the project's, plus two views on the same gunicorn with the same
middleware: /bench/trivial (the ceiling: no database) and /bench/one-write (the floor of any
durable intake: parse the body, one prepared INSERT committed, 202)."""

import json

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from bulkcopy import execute_prepared
from config.urls import urlpatterns as project_urls


@csrf_exempt
def trivial(request: HttpRequest) -> JsonResponse:
    request.read()  # the same body as the intake gets
    return JsonResponse({"incidents": []}, status=202)


_INSERT = "INSERT INTO bench_write_floor (body) VALUES (%s::jsonb) RETURNING id"


@csrf_exempt
def one_write(request: HttpRequest) -> JsonResponse:
    body = request.read()
    json.loads(body)  # a body that is not JSON is refused before anything is written
    execute_prepared(
        "INSERT INTO bench_write_floor (body) VALUES (%s::jsonb) RETURNING id", [body.decode()]
    )
    return JsonResponse({"incidents": []}, status=202)


urlpatterns = [
    *project_urls,
    path("bench/trivial", trivial),
    path("bench/one-write", one_write),
]
