import pytest
from django.urls import reverse

from incidents.models import Incident, IncidentStatus, Role, TimelineEvent
from incidents.services import incident_acknowledge

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_user(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.mark.parametrize("url", ["/", "/incidents/new/", "/oncall/", "/me/", "/incidents/1/"])
def test_anonymous_users_go_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_dashboard_full_page_lists_open_incidents_by_urgency(as_user, responder, declare):
    declare("P2", "Export to PDF is slow")
    declare("P0", "Everything is down")
    closed = declare("P1", "Old one")
    Incident.objects.filter(pk=closed.pk).update(status=IncidentStatus.CLOSED)
    html = as_user(responder).get("/").content.decode()
    assert "<html" in html
    assert html.index("Everything is down") < html.index("Export to PDF is slow")
    assert "Old one" not in html


def test_dashboard_htmx_poll_returns_only_the_list(as_user, responder, declare):
    declare("P0", "Everything is down")
    html = as_user(responder).get("/", **HTMX).content.decode()
    assert "<html" not in html
    assert 'id="open-incidents"' in html and "Everything is down" in html


def test_acknowledge_from_dashboard_updates_the_row_in_place(as_user, responder, declare):
    incident = declare("P0")
    url = reverse("incidents:transition", args=[incident.pk, "acknowledge"])
    row = {**HTMX, "HTTP_HX_TARGET": f"incident-{incident.pk}"}  # the dashboard row's form
    html = as_user(responder).post(url, **row).content.decode()
    assert "<html" not in html and f'id="incident-{incident.pk}"' in html
    assert "Ana Souza" in html
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.ACKNOWLEDGED and incident.acknowledged_by == responder


def test_late_acknowledgement_shows_who_was_first(as_user, responder, responder2, declare):
    incident = declare("P0")
    incident_acknowledge(incident=incident, by=responder2)
    url = reverse("incidents:transition", args=[incident.pk, "acknowledge"])
    row = {**HTMX, "HTTP_HX_TARGET": f"incident-{incident.pk}"}
    html = as_user(responder).post(url, **row).content.decode()
    assert "Já reconhecido por Rafael Costa" in html
    assert incident.timeline.filter(kind="acknowledged").count() == 1


def test_acknowledge_without_js_redirects_back(as_user, responder, declare):
    incident = declare("P1")
    url = reverse("incidents:transition", args=[incident.pk, "acknowledge"])
    response = as_user(responder).post(url, {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_illegal_transition_without_js_explains_via_message(as_user, commander, declare):
    incident = declare("P1")
    url = reverse("incidents:transition", args=[incident.pk, "close"])
    response = as_user(commander).post(url, follow=True)
    assert "só é possível quando está resolvido" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.TRIGGERED


def test_incident_page_full_and_partial(as_user, responder, declare):
    incident = declare("P1", "Login broken")
    client = as_user(responder)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "<html" in page and "Login broken" in page and "Linha do tempo" in page
    partial = client.get(f"/incidents/{incident.pk}/", **HTMX).content.decode()
    assert "<html" not in partial and 'id="incident-main"' in partial


def test_declare_form_errors_rerender_and_create_nothing(as_user, responder, defaults):
    response = as_user(responder).post("/incidents/new/", {"title": "abc", "severity": "P9"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "field-error" in html and 'value="abc"' in html
    assert Incident.objects.count() == 0


def test_declare_creates_incident_with_timeline(as_user, responder, defaults):
    response = as_user(responder).post(
        "/incidents/new/",
        {"title": "Database down for everyone", "severity": "P0", "source": "monitoring"},
    )
    incident = Incident.objects.get()
    assert response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.timeline.get().kind == "declared"


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [
        ("responder", "acknowledge", True),
        ("manager", "acknowledge", False),
        ("responder", "close", False),
    ],
)
def test_transition_permissions(as_user, request, declare, who, action, allowed):
    user = request.getfixturevalue(who)
    incident = declare("P1")
    url = reverse("incidents:transition", args=[incident.pk, action])
    response = as_user(user).post(url)
    if allowed:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
        assert "Apenas" in response.content.decode()


def test_responder_cannot_change_severity_or_assign_roles(as_user, responder, declare):
    incident = declare("P1")
    client = as_user(responder)
    sev = client.post(f"/incidents/{incident.pk}/severity/", {"severity": "P0"})
    role = client.post(
        f"/incidents/{incident.pk}/roles/",
        {"role": Role.objects.first().pk, "user": responder.pk},
    )
    assert sev.status_code == 403 and role.status_code == 403
    assert "Apenas comandantes de incidente podem mudar a severidade" in sev.content.decode()
    incident.refresh_from_db()
    assert incident.severity == "P1"


def test_commander_changes_severity_and_assigns_role(as_user, commander, responder, declare):
    incident = declare("P2")
    client = as_user(commander)
    html = client.post(
        f"/incidents/{incident.pk}/severity/", {"severity": "P0", "reason": "all down"}, **HTMX
    ).content.decode()
    assert "<html" not in html
    role = Role.objects.get(key="first_responder")
    client.post(f"/incidents/{incident.pk}/roles/", {"role": role.pk, "user": responder.pk})
    incident.refresh_from_db()
    assert incident.severity == "P0"
    assert incident.assignments.get(ended_at__isnull=True).user == responder
    kinds = list(incident.timeline.values_list("kind", flat=True))
    assert kinds[-2:] == ["severity_changed", "role_assigned"]


def test_manager_reads_but_cannot_note(as_user, manager, declare):
    incident = declare("P1")
    client = as_user(manager)
    assert client.get(f"/incidents/{incident.pk}/").status_code == 200
    assert client.post(f"/incidents/{incident.pk}/notes/", {"text": "hi"}).status_code == 403


def test_note_is_escaped_on_the_timeline(as_user, responder, declare):
    incident = declare("P1")
    client = as_user(responder)
    client.post(f"/incidents/{incident.pk}/notes/", {"text": "<script>alert(1)</script>"})
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_empty_note_is_refused(as_user, responder, declare):
    incident = declare("P1")
    html = (
        as_user(responder)
        .post(f"/incidents/{incident.pk}/notes/", {"text": "   "}, **HTMX)
        .content.decode()
    )
    assert "form-error" in html or "field-error" in html
    assert TimelineEvent.objects.filter(kind="note_added").count() == 0


def test_oncall_page_shows_roster_and_matrix(as_user, responder, defaults):
    from escalation.models import OnCallShift

    OnCallShift.objects.create(role=Role.objects.get(key="first_responder"), user=responder)
    html = as_user(responder).get("/oncall/").content.decode()
    assert "Ana Souza" in html and "+55 11 90000-0000" in html
    assert "15 min" in html and "backlog" in html


def test_language_switch_is_per_user(as_user, responder, defaults):
    client = as_user(responder)
    assert "Incidentes abertos" in client.get("/").content.decode()
    client.post("/me/language/", {"language": "en", "next": "/"})
    assert "Open incidents" in client.get("/").content.decode()
    responder.profile.refresh_from_db()
    assert responder.profile.language == "en"
