from django.core.exceptions import ValidationError


class IncidentActionError(ValidationError):
    """An action that cannot happen now; the message says why, for the person who tried."""


class IllegalTransition(IncidentActionError):
    pass
