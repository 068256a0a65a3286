"""Deliveries posted by several threads at the same moment, as an HA pair of Alertmanagers
(or a storm) sends them."""

import json
import threading
from typing import Any

from django.db import connections
from django.test import Client


def deliver_together(token: str, body: dict, count: int, *, retry_busy: bool = False) -> list:
    """Post `body` from `count` threads released at once; each answer as (status, JSON).
    `retry_busy`: a 503 is posted again (twice at most), as Alertmanager retries 5xx."""
    data = json.dumps(body)
    start = threading.Barrier(count)
    answers: list[tuple[int, Any]] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            start.wait(timeout=10)
            for _attempt in range(3 if retry_busy else 1):
                response = Client().post(
                    "/api/v1/alerts/alertmanager",
                    data=data,
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {token}"},
                )
                if response.status_code != 503:
                    break
            answers.append((response.status_code, response.json()))
        except BaseException as exc:  # noqa: BLE001 - raised below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return answers
