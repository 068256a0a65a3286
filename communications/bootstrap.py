"""Idempotent loading of the shipped templates, cadences and audience lists."""

from typing import Any

from . import defaults


def load_comms_defaults(
    message_template: Any = None, cadence_policy: Any = None, audience_list: Any = None
) -> int:
    """Create what is missing, never overwrite edits. Model classes may be passed in
    (a data migration passes its historical models)."""
    if message_template is None:
        from .models import AudienceList, CadencePolicy, MessageTemplate

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
