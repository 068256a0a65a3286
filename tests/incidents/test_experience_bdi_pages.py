"""Names people typed, isolated (<bdi>) and escaped on the on-call page, the quick reference
and the incident's paging log and clocks: a right-to-left name (or role name) cannot
reorder the words around it, and markup in it stays text."""

import pytest

from escalation.sweep import sweep_due_deadlines
from incidents.models import Role
from incidents.services import timeline_append
from tests.conftest import _make_user
from tests.incidents.rosters import on_call_this_week

pytestmark = pytest.mark.django_db

ROLE = "מגיב <i>ראשון</i>"
ROLE_SHOWN = "<bdi>מגיב &lt;i&gt;ראשון&lt;/i&gt;</bdi>"
NAME_SHOWN = "<bdi>דנה &lt;script&gt; כהן</bdi>"


@pytest.fixture
def dana_on_call(defaults, commander):
    """Dana, named in Hebrew with markup, First Responder this week; the role renamed too."""
    dana = _make_user("dana", "Responder", "דנה <script>", "כהן")
    Role.objects.filter(key="first_responder").update(name_pt_br=ROLE)
    on_call_this_week("first_responder", [dana], by=commander)
    return dana


def test_bdi_on_call_page_and_reference_isolate_roles_and_people(client, commander, dana_on_call):
    client.force_login(commander)
    response = client.get("/oncall/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h2 class="role-name">{ROLE_SHOWN}</h2>' in page
    assert "<i>ראשון" not in page and "דנה <script>" not in page
    response = client.get("/reference/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<li><span>{ROLE_SHOWN}</span>" in page
    assert f"<strong>{NAME_SHOWN}</strong>" in page
    assert "<i>ראשון" not in page and "דנה <script>" not in page


def test_bdi_incident_page_isolates_who_was_paged(client, commander, declare, dana_on_call):
    incident = declare("P1")
    sweep_due_deadlines()  # Dana, on call, is paged at once
    client.force_login(commander)
    response = client.get(f"/incidents/{incident.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    paging = page[page.index('id="paging-log"') :].split("</section>", 1)[0]
    assert f"<strong>{NAME_SHOWN}</strong>" in paging
    clocks = page[page.index('id="clocks"') :].split("</section>", 1)[0]
    assert f"{NAME_SHOWN} acionado" in clocks  # "paged <name>"
    assert "דנה <script>" not in page


def test_bdi_timeline_isolates_the_communication_facts(client, commander, declare):
    incident = declare("P1")
    facts = {"impact": "تعطل <b>الدفع</b>", "forecast": "", "public_title": "תקלה בתשלום"}
    timeline_append(incident=incident, kind="communication_state_changed", data=facts)
    client.force_login(commander)
    response = client.get(f"/incidents/{incident.pk}/?timeline=all")
    assert response.status_code == 200
    page = response.content.decode()
    assert ": <bdi>تعطل &lt;b&gt;الدفع&lt;/b&gt;</bdi></li>" in page
    assert ": —</li>" in page  # no forecast
    assert ": <bdi>תקלה בתשלום</bdi></li>" in page
    assert "<b>الدفع" not in page
