"""Every write of the runbooks app. Each function checks, writes, and puts it on the timeline."""

from .checklist import (
    rollback_confirm,
    scenario_attach,
    step_mark,
    step_reopen,
    verification_waive,
)
from .conditions import rule_condition_answer
from .healthchecks import health_check_run
from .notice import authority_notice_save
from .security import anpd_notice_record, breach_confirm, personal_data_answer

__all__ = [
    "anpd_notice_record",
    "authority_notice_save",
    "breach_confirm",
    "health_check_run",
    "rule_condition_answer",
    "personal_data_answer",
    "rollback_confirm",
    "scenario_attach",
    "step_mark",
    "step_reopen",
    "verification_waive",
]
