"""The incident lifecycle as data: which action moves which status where, and who may."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import IncidentStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    label: str | Promise
    stamp: str | None  # prefix of the <stamp>_at / <stamp>_by fields written on the incident
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "acknowledge",
            frozenset({S.TRIGGERED}),
            S.ACKNOWLEDGED,
            "incidents.acknowledge_incident",
            _("Acknowledge"),
            "acknowledged",
        ),
        Transition(
            "mitigate",
            frozenset({S.ACKNOWLEDGED}),
            S.MITIGATED,
            "incidents.mitigate_incident",
            _("Mark mitigated"),
            "mitigated",
        ),
        Transition(
            "resolve",
            frozenset({S.ACKNOWLEDGED, S.MITIGATED}),
            S.RESOLVED,
            "incidents.resolve_incident",
            _("Resolve"),
            "resolved",
        ),
        Transition(
            "close",
            frozenset({S.RESOLVED}),
            S.CLOSED,
            "incidents.close_incident",
            _("Close"),
            "closed",
        ),
        Transition(
            "reopen",
            frozenset({S.RESOLVED, S.CLOSED}),
            S.TRIGGERED,  # to be acknowledged again: its clocks start over
            "incidents.reopen_incident",
            _("Reopen"),
            None,
            needs_reason=True,
        ),
    )
}


def available_actions(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
