"""Who did something: the one type every service's `by` / `actor` takes.

None means the system (the escalation sweep, a Celery task, a management command)."""

from typing import TypeAlias

from django.contrib.auth.models import User

Actor: TypeAlias = User | None
