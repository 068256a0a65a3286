"""The built-in deadline handlers (imported by EscalationConfig.ready to register them)."""

from . import backlog, breach, roles  # noqa: F401
