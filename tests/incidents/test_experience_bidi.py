"""Names people typed are isolated (<bdi>) wherever the timeline and the dashboard show them:
a right-to-left name cannot reorder the words around it (security item 7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import Role
from incidents.selectors import display_name
from incidents.services import incident_acknowledge, incident_assign_role, timeline_append
from tests.conftest import _make_user
from tests.incidents.rosters import on_call_this_week

pytestmark = pytest.mark.django_db

ARABIC = "نادية"
HEBREW_ROLE = "מגיב ראשון"


@pytest.fixture
def nadia(defaults):
    """A responder whose first name is Arabic (right to left)."""
    return _make_user("nadia", "Responder", ARABIC, "Haddad")


def _entries(name: str) -> dict[str, dict]:
    """Each kind's data as its producer writes it, about a person named `name`."""
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    return {
        "page_failed": {
            "user": name, "channel": "sms", "attempt": 1, "max_attempts": 3,
            "error": "timeout", "retry_at": later,
        },
        "sla_breached": {"user": name},
        "escalated": {"role": "escalation_engineer", "multiple": 2, "user": name},
        # The same family: paging, and the reviews' people.
        "first_responder_paged": {"user": name},
        "paged_louder": {"user": name, "channels": ["sms", "voice"], "after_minutes": 5},
        "page_not_sent": {"user": name, "channel": "sms", "because": "acknowledged", "by": name},
        "rule_stood_down": {"condition": "c", "why": "answered", "by": name, "label": "l"},
        "action_item_added": {"title": "Probe", "owner": name},
        "action_item_overdue": {"title": "Probe", "due_date": "2026-03-01", "paged": name},
        "review_created": {"owner": name},
        "review_owner_changed": {"owner": name},
        "review_overdue": {"step": "review_draft", "paged": name},
    }  # fmt: skip


def _timeline(client, incident) -> str:
    html = client.get(f"/incidents/{incident.pk}/?timeline=all").content.decode()
    return html[html.index('id="timeline"') :]


@pytest.mark.parametrize("kind", list(_entries("")))
def test_timeline_isolates_a_right_to_left_name(client, commander, declare, nadia, kind):
    incident = declare("P1")
    name = display_name(nadia)
    assert name.startswith(ARABIC)
    timeline_append(incident=incident, kind=kind, data=_entries(name)[kind])
    client.force_login(commander)
    html = _timeline(client, incident)
    assert f"<bdi>{name}</bdi>" in html, kind


@pytest.mark.parametrize("kind", ["sla_breached", "escalated", "first_responder_paged"])
def test_timeline_isolates_each_name_of_the_fallback_list(client, commander, declare, nadia, kind):
    incident = declare("P1")
    names = [display_name(nadia), display_name(commander)]
    data = {"role": "escalation_engineer", "nobody_on_call": True, "fallback": names}
    timeline_append(incident=incident, kind=kind, data=data)
    client.force_login(commander)
    html = _timeline(client, incident)
    assert f"<bdi>{names[0]}</bdi>, <bdi>{names[1]}</bdi>" in html, kind


def test_timeline_escalation_already_paged_isolates_the_name(client, commander, declare, nadia):
    incident = declare("P1")
    data = {
        "role": "escalation_engineer",
        "multiple": 2,
        "user": display_name(nadia),
        "already_paged_at": timezone.now().isoformat(),
    }
    timeline_append(incident=incident, kind="escalated", data=data)
    client.force_login(commander)
    assert f"<bdi>{display_name(nadia)}</bdi>" in _timeline(client, incident)


def test_dashboard_isolates_the_top_menu_name_role_names_and_people(
    client, commander, declare, nadia
):
    Role.objects.filter(key="first_responder").update(name_pt_br=HEBREW_ROLE)
    on_call_this_week(
        "first_responder", [nadia], by=commander
    )  # she is on call this week: the dashboard's banner names the role
    incident = declare("P1")
    incident_acknowledge(incident=incident, by=nadia)  # she becomes First Responder
    role = Role.objects.get(key="incident_commander")
    incident_assign_role(incident=incident, role=role, user=nadia, by=commander)
    client.force_login(nadia)
    html = client.get("/").content.decode()
    name = display_name(nadia)
    menu = html[html.index('class="username"') : html.index("</a>", html.index('class="username"'))]
    assert f"<bdi>{name}</bdi>" in menu
    row = html[html.index(f'id="incident-{incident.pk}"') :]
    assert f'<strong class="acked-by"><bdi>{name}</bdi></strong>' in row
    assert f"<bdi>{HEBREW_ROLE}</bdi>: <strong><bdi>{name}</bdi></strong>" in row
    banner = html[html.index('id="my-on-call"') :]
    assert f"<bdi>{HEBREW_ROLE}</bdi>" in banner[: banner.index("</section>")]
