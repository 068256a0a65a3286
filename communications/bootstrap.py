"""Idempotent loading of the shipped templates, cadences and audience lists."""

from typing import Any

from django.contrib.auth import get_user_model

from . import defaults
from .models import AudienceList, CadencePolicy, MessageTemplate


def load_comms_defaults(
    message_template: Any = None, cadence_policy: Any = None, audience_list: Any = None
) -> int:
    """Create what is missing, never overwrite edits. Model classes may be passed in
    (a data migration passes its historical models)."""
    if message_template is None:
        message_template, cadence_policy, audience_list = (
            MessageTemplate,
            CadencePolicy,
            AudienceList,
        )
    created = 0
    for values in defaults.TEMPLATES:
        _obj, was = message_template.objects.get_or_create(
            kind=values["kind"], language=values["language"], defaults=values
        )
        created += was
    for values in defaults.CADENCES:
        _obj, was = cadence_policy.objects.get_or_create(
            severity=values["severity"], defaults=values
        )
        created += was
    for values in defaults.AUDIENCES:
        _obj, was = audience_list.objects.get_or_create(name=values["name"], defaults=values)
        created += was
    return created


def load_comms_demo() -> None:
    """Put the demo people on the shipped audience lists (never removes anyone)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LISTS_USERS)}
    for list_name, usernames in DEMO_LISTS.items():
        audience = AudienceList.objects.filter(name=list_name).first()
        if audience is not None:
            audience.members.add(*(users[n] for n in usernames if n in users))


DEMO_LISTS = {"Stakeholders": ["carla", "diego"], "Product Owner": ["diego"]}
DEMO_LISTS_USERS = sorted({n for names in DEMO_LISTS.values() for n in names})


def load_defaults(*, demo: bool) -> list[str]:
    """This app's entry in settings.DEFAULTS_LOADERS (after the demo roster, which it uses)."""
    load_comms_defaults()
    if demo:
        load_comms_demo()
    return []
