"""Django's PostgreSQL backend, with the per-request health check spared on a busy connection.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request:
one more round trip on each page and each alert delivery. A connection that served a
request without error less than HEALTH_CHECK_TRUST_S ago is taken as it is; an idle one
is still checked. Should the server go away inside that second, the request that finds
out fails as it would with no check, and the connection is dropped at its end (Django's
errors_occurred handling), so the next request reconnects."""

import time

from django.db.backends.postgresql import base

HEALTH_CHECK_TRUST_S = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    served_cleanly_at: float | None = None

    def close_if_unusable_or_obsolete(self) -> None:
        # health_check_done: a cursor was opened since the last call, i.e. it served work.
        served_cleanly = self.health_check_done and not self.errors_occurred
        super().close_if_unusable_or_obsolete()
        if self.connection is not None and served_cleanly:
            self.served_cleanly_at = time.monotonic()

    def close_if_health_check_failed(self) -> None:
        recently = self.served_cleanly_at is not None and (
            time.monotonic() - self.served_cleanly_at < HEALTH_CHECK_TRUST_S
        )
        if self.connection is not None and recently:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close(self) -> None:
        self.served_cleanly_at = None
        super().close()
