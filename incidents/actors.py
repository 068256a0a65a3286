"""Who did something: the types every service's `by` / `actor` takes.

Actor: a person, or None for the system (the escalation sweep, a Celery task, a management
command). Person: where only a signed-in person can act (the row names them)."""

from typing import TypeAlias

from django.contrib.auth.models import User

Person: TypeAlias = User
Actor: TypeAlias = Person | None
