class ScheduleError(Exception):
    """A schedule change refused, with the field it is about (for forms and the API)."""

    def __init__(self, message: str, *, field: str | None = None, suggestion: object = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.suggestion = suggestion
