import pytest
from django.utils import translation

from incidents import events
from incidents.errors import IllegalTransition, IncidentActionError
from incidents.models import IncidentStatus, TimelineEvent
from incidents.services import incident_transition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


LEGAL = [
    ("triggered", "acknowledge", "acknowledged"),
    ("acknowledged", "mitigate", "mitigated"),
    ("acknowledged", "resolve", "resolved"),
    ("mitigated", "resolve", "resolved"),
    ("resolved", "close", "closed"),
    ("resolved", "reopen", "triggered"),  # to be acknowledged again (paging_loop)
    ("closed", "reopen", "triggered"),
]
PATHS = {
    "triggered": [],
    "acknowledged": ["acknowledge"],
    "mitigated": ["acknowledge", "mitigate"],
    "resolved": ["acknowledge", "resolve"],
    "closed": ["acknowledge", "resolve", "close"],
}


def _bring_to(incident, status, by):
    for action in PATHS[status]:
        incident = incident_transition(incident=incident, action=action, by=by)
    return incident


@pytest.mark.parametrize(("start", "action", "end"), LEGAL)
def test_legal_transition_moves_status_and_records_who(declare, commander, start, action, end):
    # A P2 with no scenario: resolving it adds no review (whose creation is on the timeline too).
    incident = _bring_to(declare("P2"), start, commander)
    before = incident.timeline.count()
    incident = incident_transition(incident=incident, action=action, by=commander, reason="again")
    assert incident.status == end
    first, *more = list(incident.timeline.order_by("id"))[before:]
    assert first.kind == events.TRANSITION_EVENTS[action]
    assert first.actor == commander
    # Whoever acknowledges an incident with no First Responder becomes it.
    assert [e.kind for e in more] == (["role_assigned"] if action == "acknowledge" else [])


ALL_ACTIONS = ["acknowledge", "mitigate", "resolve", "close", "reopen"]
ILLEGAL = [
    (status, action)
    for status in PATHS
    for action in ALL_ACTIONS
    if (status, action) not in {(s, a) for s, a, _ in LEGAL}
]


@pytest.mark.parametrize(("start", "action"), ILLEGAL)
def test_illegal_transition_explains_and_changes_nothing(declare, commander, start, action):
    incident = _bring_to(declare(), start, commander)
    events_before = TimelineEvent.objects.count()
    with pytest.raises(IllegalTransition) as err:
        incident_transition(incident=incident, action=action, by=commander, reason="x")
    incident.refresh_from_db()
    assert incident.status == start
    assert TimelineEvent.objects.count() == events_before
    assert incident.reference in err.value.messages[0] or "Already" in err.value.messages[0]


def test_acknowledging_a_resolved_incident_says_why(declare, commander):
    incident = _bring_to(declare(), "resolved", commander)
    with pytest.raises(IllegalTransition) as err:
        incident_transition(incident=incident, action="acknowledge", by=commander)
    assert "resolved" in err.value.messages[0].lower() or "resolvido" in err.value.messages[0]


def test_second_acknowledgement_names_who_acknowledged(declare, responder, responder2):
    incident = declare()
    incident_transition(incident=incident, action="acknowledge", by=responder)
    with pytest.raises(IllegalTransition) as err:
        incident_transition(incident=incident, action="acknowledge", by=responder2)
    assert "Ana Souza" in err.value.messages[0]


def test_reopen_needs_a_reason(declare, commander):
    incident = _bring_to(declare(), "resolved", commander)
    with pytest.raises(IncidentActionError):
        incident_transition(incident=incident, action="reopen", by=commander, reason="  ")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RESOLVED


def test_timeline_is_append_only(declare):
    event = declare().timeline.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        TimelineEvent.objects.all().delete()
