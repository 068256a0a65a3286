"""The built-in deadline handlers, listed in settings.DEADLINE_HANDLERS."""
