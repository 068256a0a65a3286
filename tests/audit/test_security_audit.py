"""Admin changes to audited models: append-only entries, who/when/before/after, managers read."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry
from communications.models import IncidentComms, PublicUpdate
from incidents.models import SeverityPolicy
from tests.security.world import build_world


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.users["admin"])
    return client


def _policy_form(policy: SeverityPolicy, **changes) -> dict:
    fields = {
        f.name: getattr(policy, f.name)
        for f in SeverityPolicy._meta.fields
        if f.editable and f.name != "id"
    }
    data = {k: ("on" if v is True else "" if v in (False, None) else v) for k, v in fields.items()}
    return {**data, **changes}


@pytest.mark.django_db
def test_security_audit_admin_change_is_recorded_and_read_by_managers():
    world = build_world()
    policy = SeverityPolicy.objects.get(severity="P1")
    url = f"/admin/incidents/severitypolicy/{policy.pk}/change/"
    response = _admin(world).post(url, _policy_form(policy, acknowledge_minutes=45))
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = AuditEntry.objects.filter(model="incidents.severitypolicy")
    assert entry.action == "change" and entry.actor_name == "sec-admin"
    assert entry.changed == ["acknowledge_minutes"]
    assert entry.before["acknowledge_minutes"] == 60 and entry.after["acknowledge_minutes"] == 45
    # Append-only, even from code.
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_name="x")
    with pytest.raises(TypeError):
        entry.delete()
    # Managers read it; responders may not.
    manager, responder = Client(), Client()
    manager.force_login(world.users["manager"])
    responder.force_login(world.users["responder"])
    page = manager.get("/audit/")
    assert page.status_code == 200 and "acknowledge_minutes" in page.content.decode()
    assert responder.get("/audit/").status_code == 403


@pytest.mark.django_db
def test_security_audit_user_changes_mask_the_password():
    world = build_world()
    user = get_user_model().objects.get(username="sec-responder")
    url = f"/admin/auth/user/{user.pk}/password/"
    response = _admin(world).post(
        url, {"password1": "N3w-long-pass!", "password2": "N3w-long-pass!"}
    )
    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(model="auth.user", object_pk=str(user.pk))
    assert entry.changed == ["password"]
    assert entry.after["password"].startswith("***") and "pbkdf2" not in str(entry.after)


@pytest.mark.django_db
def test_security_audit_admin_edit_of_a_published_update_clears_the_status_page(
    django_capture_on_commit_callbacks,
):
    cache.clear()  # the status page of an earlier test must not answer for this one
    world = build_world()
    incident = world.incident
    IncidentComms.objects.create(incident=incident, public=True, public_title="Checkout")
    update = PublicUpdate.objects.create(
        incident=incident, kind="notification", text="We are on it", published_at=timezone.now()
    )
    visitor = Client()
    assert "We are on it" in visitor.get("/status/").content.decode()  # now cached
    url = f"/admin/communications/publicupdate/{update.pk}/change/"
    form = {
        "incident": incident.pk,
        "kind": "notification",
        "text": "Fixed the wording",
        "published_at_0": timezone.localtime(update.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(update.published_at).strftime("%H:%M:%S"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert _admin(world).post(url, form).status_code == 302
    page = visitor.get("/status/").content.decode()
    assert "Fixed the wording" in page and "We are on it" not in page
    assert AuditEntry.objects.filter(model="communications.publicupdate").count() == 1
