"""Every write of the runbooks app. Each function checks, writes, and puts it on the timeline."""

from .checklist import (
    rollback_confirm,
    scenario_attach,
    step_mark,
    step_reopen,
    verification_waive,
)
from .healthchecks import health_check_run
from .security import personal_data_answer

__all__ = [
    "health_check_run",
    "personal_data_answer",
    "rollback_confirm",
    "scenario_attach",
    "step_mark",
    "step_reopen",
    "verification_waive",
]
