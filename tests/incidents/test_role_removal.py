"""Taking a role away on an incident without giving it to someone else: the service, the
playbook's rule that some incidents keep an Incident Commander, the view's permission and
bad input, and concurrent removals. The pages stopped are in
tests/escalation/test_paging_loop_role_removal.py, the browser in tests/browser."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from escalation.sweep import sweep_due_deadlines
from incidents.errors import IncidentActionError
from incidents.models import Incident, Role
from incidents.role_services import incident_unassign_role
from incidents.services import deadline_set, incident_assign_role, incident_transition
from notifications.models import Notification
from tests.incidents.test_concurrency import needs_postgres

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def role(key: str) -> Role:
    return Role.objects.get(key=key)


def holders(incident, key: str) -> list[str]:
    rows = incident.assignments.filter(role__key=key, ended_at__isnull=True)
    return [a.user.username for a in rows.select_related("user")]


@pytest.fixture
def with_engineer(declare, commander, responder2):
    """A P1 whose Escalation Engineer is Rafael, given the role by Carla."""
    incident = declare("P1")
    incident_assign_role(
        incident=incident, role=role("escalation_engineer"), user=responder2, by=commander
    )
    return incident


def remove_url(incident) -> str:
    return reverse("incidents:unassign_role", args=[incident.pk])


def test_role_removal_leaves_the_role_empty_with_a_timeline_entry(
    with_engineer, commander, responder2
):
    incident = with_engineer
    incident_unassign_role(
        incident=incident,
        role=role("escalation_engineer"),
        user=responder2,
        by=commander,
        reason="  Wrong person  ",
    )
    assert holders(incident, "escalation_engineer") == []
    ended = incident.assignments.get(role__key="escalation_engineer")
    assert ended.ended_at is not None
    entry = incident.timeline.get(kind="role_removed")
    assert entry.actor == commander
    assert entry.data == {
        "role": "escalation_engineer",
        "user_id": responder2.pk,
        "user": "Rafael Costa",
        "reason": "Wrong person",
    }
    # Given the role, he was paged for it (louder until he answers): that page stops.
    page = Notification.objects.get(incident=incident, user=responder2, root__isnull=True)
    assert page.reason == "escalation_engineer:assigned" and page.relieved_at is not None
    relieved = incident.timeline.get(kind="pages_relieved")
    assert relieved.data["user"] == "Rafael Costa" and relieved.data["holder"] == ""
    kinds = list(incident.timeline.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds[-2:] == ["role_removed", "pages_relieved"]


def test_role_removal_refused_when_the_person_does_not_hold_the_role(
    with_engineer, commander, responder, responder2
):
    incident = with_engineer
    before = incident.timeline.count()
    with pytest.raises(IncidentActionError) as refused:
        incident_unassign_role(
            incident=incident, role=role("escalation_engineer"), user=responder, by=commander
        )
    assert refused.value.messages[0] == (
        f"Ana Souza não é Engenheiro de Escalonamento em {incident.reference}."
    )
    with pytest.raises(IncidentActionError):
        incident_unassign_role(
            incident=incident, role=role("first_responder"), user=responder2, by=commander
        )
    assert holders(incident, "escalation_engineer") == ["rafa"]
    assert incident.timeline.count() == before


def test_role_removal_refuses_a_control_character_in_the_reason(
    with_engineer, commander, responder2
):
    with pytest.raises(IncidentActionError):
        incident_unassign_role(
            incident=with_engineer,
            role=role("escalation_engineer"),
            user=responder2,
            by=commander,
            reason="bad\x1b[31m",
        )
    assert holders(with_engineer, "escalation_engineer") == ["rafa"]


def test_role_removal_keeps_the_commander_of_an_open_p0(declare, commander, manager):
    """The playbook: the Incident Commander joins every P0. Handing it over is allowed,
    leaving the P0 without one is not; once resolved, the role can go."""
    incident = declare("P0")
    ic = role("incident_commander")
    incident_assign_role(incident=incident, role=ic, user=commander, by=commander)
    with pytest.raises(IncidentActionError) as refused:
        incident_unassign_role(incident=incident, role=ic, user=commander, by=commander)
    assert "precisa manter um Comandante do Incidente" in refused.value.messages[0]
    assert holders(incident, "incident_commander") == ["carla"]

    incident_transition(incident=incident, action="acknowledge", by=commander)
    incident_transition(incident=incident, action="resolve", by=commander)
    incident_unassign_role(incident=incident, role=ic, user=commander, by=commander)
    assert holders(incident, "incident_commander") == []


def test_role_removal_of_a_commander_nobody_called_in_yet(declare, commander, manager):
    """A P2 whose 4x SLA clock has not run out: the commander someone added can go."""
    incident = declare("P2")
    ic = role("incident_commander")
    incident_assign_role(incident=incident, role=ic, user=manager, by=commander)
    incident_unassign_role(incident=incident, role=ic, user=manager, by=commander)
    assert holders(incident, "incident_commander") == []


def test_role_removal_keeps_a_commander_a_scenario_rule_called_in(declare, commander):
    """A rule (scenario 10: the commander immediately) fired: the incident keeps one."""
    incident = declare("P2")
    now = timezone.now()
    deadline_set(
        incident=incident,
        kind="scenario_rule:commander",
        due_at=now,
        data={"action": "escalate", "target": "incident_commander", "label": "IC"},
    )
    with time_machine.travel(now + timedelta(seconds=1), tick=False):
        sweep_due_deadlines()
    assert incident.deadlines.get(kind="scenario_rule:commander").fired_at is not None
    ic = role("incident_commander")
    if not holders(incident, "incident_commander"):  # nobody on call: a commander steps in
        incident_assign_role(incident=incident, role=ic, user=commander, by=commander)
    holder = incident.assignments.get(role=ic, ended_at__isnull=True).user
    with pytest.raises(IncidentActionError):
        incident_unassign_role(incident=incident, role=ic, user=holder, by=commander)
    assert holders(incident, "incident_commander") == [holder.username]


# --- the view


def test_role_removal_view_needs_the_assign_permission(
    client, with_engineer, responder, manager, responder2
):
    incident = with_engineer
    before = incident.timeline.count()
    for person in (responder, manager):
        client.force_login(person)
        response = client.post(
            remove_url(incident), {"role": "escalation_engineer", "user": responder2.pk}
        )
        assert response.status_code == 403
        assert "Apenas comandantes de incidente podem atribuir e remover papéis" in (
            response.content.decode()
        )
        page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
        assert "role-remove" not in page
    assert holders(incident, "escalation_engineer") == ["rafa"]
    assert incident.timeline.count() == before


def test_role_removal_view_is_post_only(client, with_engineer, commander):
    client.force_login(commander)
    assert client.get(remove_url(with_engineer)).status_code == 405


def test_role_removal_view_checks_csrf(with_engineer, commander, responder2):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(commander)
    response = strict.post(
        remove_url(with_engineer), {"role": "escalation_engineer", "user": responder2.pk}
    )
    assert response.status_code == 403
    assert holders(with_engineer, "escalation_engineer") == ["rafa"]


def test_role_removal_without_javascript_redirects_back(
    client, with_engineer, commander, responder2
):
    client.force_login(commander)
    page = client.get(reverse("incidents:detail", args=[with_engineer.pk])).content.decode()
    assert f'action="{remove_url(with_engineer)}"' in page  # the control, for a commander
    response = client.post(
        remove_url(with_engineer), {"role": "escalation_engineer", "user": responder2.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:detail", args=[with_engineer.pk])
    assert holders(with_engineer, "escalation_engineer") == []


def test_role_removal_with_htmx_returns_the_page_part(client, with_engineer, commander, responder2):
    client.force_login(commander)
    response = client.post(
        remove_url(with_engineer),
        {"role": "escalation_engineer", "user": responder2.pk, "reason": "Not needed"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="incident-main"' in html
    assert "removeu <bdi>Rafael Costa</bdi> da função de Engenheiro de Escalonamento" in html
    roles = html[html.index('data-role="escalation_engineer"') :]
    assert roles[: roles.index("</dd>")].endswith('<span class="muted">—</span>')


@pytest.mark.parametrize(
    "data, message",
    [
        ({"role": "chief_of_fun", "user": "USER"}, "Papel desconhecido."),
        ({"role": "escalation_engineer", "user": "999999"}, "Pessoa desconhecida."),
        ({"role": "escalation_engineer", "user": "rafa"}, "Pessoa desconhecida."),
        ({"user": "USER"}, "Diga qual papel."),
        ({"role": "escalation_engineer"}, "Diga quem."),
        ({"role": "escalation_engineer", "user": "OTHER"}, "Ana Souza não é"),
        ({"role": "escalation_engineer", "user": "USER", "reason": "x" * 501}, "500"),
    ],
)
def test_role_removal_bad_input_says_why_and_changes_nothing(
    client, with_engineer, commander, responder, responder2, data, message
):
    incident = with_engineer
    before = incident.timeline.count()
    ids = {"USER": str(responder2.pk), "OTHER": str(responder.pk)}
    data = {key: ids.get(value, value) for key, value in data.items()}
    client.force_login(commander)
    html = client.post(remove_url(incident), data, **HTMX).content.decode()
    assert 'role="alert"' in html and message in html
    response = client.post(remove_url(incident), data)  # without JavaScript: a message
    assert response.status_code == 302
    assert any(message in str(m) for m in get_messages(response.wsgi_request))
    assert holders(incident, "escalation_engineer") == ["rafa"]
    assert incident.timeline.count() == before


# --- at the same moment


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_role_removal_concurrent_with_removal_and_reassignment_gives_one_outcome(
    declare, commander, manager, responder, responder2
):
    """Two commanders remove the same holder at once, while a third gives the role to
    someone else: the role ends with one outcome, told once on the timeline each."""
    engineer = role("escalation_engineer")
    for _round in range(4):
        incident = declare("P1")
        incident_assign_role(incident=incident, role=engineer, user=responder2, by=commander)
        barrier = threading.Barrier(3)
        outcomes: list[str] = []

        def act(kind, barrier=barrier, incident=incident, outcomes=outcomes):
            barrier.wait()
            fresh = Incident.objects.get(pk=incident.pk)
            try:
                if kind == "assign":
                    incident_assign_role(
                        incident=fresh, role=engineer, user=responder, by=commander
                    )
                else:
                    incident_unassign_role(
                        incident=fresh, role=engineer, user=responder2, by=commander
                    )
                outcomes.append(kind)
            except IncidentActionError:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=act, args=(k,)) for k in ("remove", "remove", "assign")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        removed = incident.timeline.filter(kind="role_removed").count()
        assert removed <= 1 and outcomes.count("remove") == removed
        assert outcomes.count("refused") == 2 - removed
        assert incident.assignments.filter(role=engineer, ended_at__isnull=True).count() <= 1
        assert outcomes.count("assign") == 1  # giving it to Ana is never refused
        assert holders(incident, "escalation_engineer") == ["ana"]
        # Rafael's assignment ended once: by the removal or by the reassignment.
        assert incident.assignments.filter(user=responder2, ended_at__isnull=False).count() == 1
