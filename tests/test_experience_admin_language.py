"""The admin speaks the viewer's language too: model names and column headers of our apps
are translated, so a pt-BR superuser sees no English column (issue 15; keyword: experience)."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "alerts",
    "audit",
    "communications",
    "escalation",
    "incidents",
    "notifications",
    "reviews",
    "runbooks",
    "schedules",
}
# Words that are the same in both languages.
SAME_IN_BOTH = {"id", "status", "token", "link", "links", "extras", "url", "sms", "json"}
CHANGELISTS = [
    "incidents_incident",
    "notifications_notification",
    "runbooks_scenario",
    "schedules_rotation",
    "schedules_override",
    "reviews_review",
    "alerts_integration",
]
_HEADER = re.compile(r'<th scope="col"[^>]*>(.*?)</th>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _labels(language: str) -> dict[tuple[str, str], str]:
    with translation.override(language):
        labels = {}
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in OUR_APPS:
                continue
            labels[(model._meta.label, "")] = str(model._meta.verbose_name_plural)
            for name in model_admin.list_display:
                if name != "__str__":
                    labels[(model._meta.label, name)] = str(
                        label_for_field(name, model, model_admin)
                    )
            for field in model._meta.get_fields():
                if field.concrete and not field.auto_created:
                    labels[(model._meta.label, field.name)] = str(field.verbose_name)
        return labels


def test_experience_admin_model_names_and_columns_are_translated():
    english, portuguese = _labels("en"), _labels("pt-br")
    untranslated = [
        f"{key}: {text!r}"
        for key, text in english.items()
        if portuguese[key] == text and text.lower() not in SAME_IN_BOTH
    ]
    assert not untranslated, untranslated


@pytest.fixture
def admin_world(declare, commander, responder):
    from alerts.services.integrations import integration_create
    from incidents.models import Role
    from notifications.models import Notification
    from reviews.services import review_request
    from runbooks.models import Scenario
    from schedules.models import Override, Rotation

    incident = declare("P1", title="INC admin 42")
    Notification.objects.create(
        incident=incident,
        user=responder,
        channel="slack",
        address="@ana",
        body="page",
        reason="sla_breached",
        key="experience-admin",
        created_at=timezone.now(),
    )
    Scenario.objects.create(number=6, title="Login broken", severity="P2")
    role = Role.objects.get(key="incident_commander")
    Rotation.objects.create(role=role, name="Primary", layer=1, start_date="2026-03-02")
    now = timezone.now()
    Override.objects.create(
        role=role,
        user=commander,
        starts_at=now,
        ends_at=now + timedelta(hours=2),
        created_by=commander,
        created_at=now,
    )
    review_request(incident=incident, by=commander)
    integration_create(name="Grafana", kind="grafana", by=commander)
    return incident


def _headers(client, name: str) -> list[str]:
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200, name
    found = [
        " ".join(html.unescape(_TAGS.sub(" ", cell)).split())
        for cell in _HEADER.findall(response.content.decode())
    ]
    return [text for text in found if text]


def test_experience_admin_changelists_in_portuguese(client, admin_world, defaults):
    from django.contrib.auth import get_user_model

    from incidents.models import Profile

    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-boss")
    profile, _ = Profile.objects.update_or_create(user=boss, defaults={"language": "en"})
    client.force_login(boss)
    english = {name: _headers(client, name) for name in CHANGELISTS}
    Profile.objects.filter(pk=profile.pk).update(language="pt-br")
    problems = []
    for name in CHANGELISTS:
        portuguese = _headers(client, name)
        assert len(portuguese) >= 3 and len(portuguese) == len(english[name]), name
        problems += [
            f"{name}: {en!r}"
            for en, pt in zip(english[name], portuguese, strict=True)
            if en == pt and en.lower() not in SAME_IN_BOTH
        ]
    assert not problems, problems
