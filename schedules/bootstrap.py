"""Demo rotations for every role (settings.DEFAULTS_LOADERS, after escalation's people)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from incidents.models import Role

from .models import Rotation
from .services import rotation_save

DEMO_ROTATIONS = {
    "first_responder": ["ana", "bruno"],
    "escalation_engineer": ["bruno", "ana"],
    "incident_commander": ["carla"],
    "product_owner": ["diego"],
}


def load_demo_rotations() -> int:
    """A weekly rotation (Mondays 09:00, São Paulo) for each role that has none."""
    users = get_user_model().objects.in_bulk(
        {name for names in DEMO_ROTATIONS.values() for name in names}, field_name="username"
    )
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    made = 0
    for role in Role.objects.filter(key__in=DEMO_ROTATIONS):
        people = [users[name] for name in DEMO_ROTATIONS[role.key] if name in users]
        if not people or Rotation.objects.filter(role=role).exists():
            continue
        rotation_save(
            role=role,
            name=str(role.name),
            members=people,
            length="weekly",
            handoff_time=dt.time(9, 0),
            start_date=monday,
            by=users.get("admin"),
        )
        made += 1
    return made


def load_defaults(*, demo: bool) -> list[str]:
    if not demo:
        return []
    made = load_demo_rotations()
    return [f"Demo rotations: {made} made."] if made else []
