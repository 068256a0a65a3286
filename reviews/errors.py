from typing import Any

from incidents.errors import IncidentActionError


class ReviewConflict(IncidentActionError):
    """Someone saved the review since this editor loaded it; nothing was written."""

    def __init__(self, message: str, *, current: Any) -> None:
        super().__init__(message)
        self.current = current
