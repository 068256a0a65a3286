from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .heartbeat import last_sweep_age_seconds, sweep_is_stale


def _sweep_state(request: HttpRequest) -> dict[str, Any]:
    state = getattr(request, "_sweep_state", None)
    if state is None:
        age = last_sweep_age_seconds()
        state = {"stalled": sweep_is_stale(age), "age_s": age}
        request._sweep_state = state  # type: ignore[attr-defined]
    return state


def sweep_health(request: HttpRequest) -> dict[str, Any]:
    """Every page knows whether escalations are running (base.html shows a red banner).

    Lazy and cached on the request: one query per page, only where it is shown.
    """
    return {"sweep": SimpleLazyObject(lambda: _sweep_state(request))}
