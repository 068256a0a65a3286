import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

SP = "America/Sao_Paulo"


@pytest.fixture
def team(defaults, responder, responder2, commander):
    """Ana, Rafael, Bia (responders) and Carla (commander)."""
    from incidents.models import Profile

    bia = get_user_model().objects.create_user(
        username="bia",
        password="pw-bia",
        first_name="Bia",
        last_name="Alves",
        email="bia@example.com",
    )
    bia.groups.add(Group.objects.get(name="Responder"))
    Profile.objects.create(user=bia, phone="+55 11 90000-0003", slack_handle="@bia")
    return {"ana": responder, "rafa": responder2, "bia": bia, "carla": commander}


@pytest.fixture
def rotation(team):
    """rotation(role_key, [people], **fields): a rotation saved by Carla."""
    from incidents.models import Role
    from schedules.services import rotation_save

    def _rotation(role_key="first_responder", people=None, **fields):
        fields.setdefault("length", "weekly")
        fields.setdefault("handoff_time", dt.time(9, 0))
        fields.setdefault("start_date", dt.date(2026, 3, 2))  # a Monday
        fields.setdefault("name", f"{role_key} layer {fields.get('layer', 1)}")
        return rotation_save(
            role=Role.objects.get(key=role_key),
            members=people if people is not None else [team["ana"], team["rafa"], team["bia"]],
            by=team["carla"],
            **fields,
        )

    return _rotation


def at(text: str, zone: str = SP) -> dt.datetime:
    """'2026-03-09 09:00' as a moment in the zone."""
    from zoneinfo import ZoneInfo

    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def random_overrides(team, rng, count: int, days: int) -> None:
    """`count` First Responder overrides by Carla, each for someone of the team picked by
    `rng`, starting within `days` of Mon 2026-03-02 and lasting 1 to 30 hours."""
    import time_machine

    from incidents.models import Role
    from schedules.services import override_create

    role = Role.objects.get(key="first_responder")
    with time_machine.travel(at("2026-03-01 00:00"), tick=False):
        for _ in range(count):
            begins = at("2026-03-02 00:00") + dt.timedelta(hours=rng.uniform(0, 24 * days))
            override_create(
                role=role,
                user=rng.choice(list(team.values())),
                starts_at=begins,
                ends_at=begins + dt.timedelta(hours=rng.uniform(1, 30)),
                by=team["carla"],
            )
