"""The objects the access matrix and the fuzz walk need: one user per role, incidents."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from incidents.access import COMMANDER, MANAGER, RESPONDER


@dataclass
class World:
    users: dict[str, Any]  # role -> user (None for anonymous)
    incident: Any  # open, unrestricted
    restricted_incident: Any  # open, restricted, nobody but the commander takes part
    step_pk: int = 1  # a checklist step of `incident` when built with_runbook


def make_user(username: str, group: str | None = None, **extra: Any) -> Any:
    from incidents.models import Profile

    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username, email=f"{username}@example.com", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    Profile.objects.create(user=user)
    return user


def build_world(*, with_runbook: bool = False) -> World:
    from incidents.bootstrap import load_roles, load_severity_policies, sync_groups
    from incidents.services import incident_declare, incident_set_restricted

    load_severity_policies()
    load_roles()
    sync_groups()
    users = {
        "anonymous": None,
        "outsider": make_user("sec-outsider"),
        "responder": make_user("sec-responder", RESPONDER),
        "commander": make_user("sec-commander", COMMANDER),
        "manager": make_user("sec-manager", MANAGER),
        "admin": make_user("sec-admin", is_staff=True, is_superuser=True),
    }
    incident = incident_declare(title="Backend 500", severity="P1", by=users["commander"])
    restricted = incident_declare(title="Leaked keys", severity="P0", by=users["commander"])
    restricted = incident_set_restricted(
        incident=restricted, restricted=True, by=users["commander"]
    )
    world = World(users=users, incident=incident, restricted_incident=restricted)
    if with_runbook:
        world.step_pk = _attach_playbook_scenario(incident, users["commander"])
    return world


def _attach_playbook_scenario(incident: Any, by: Any) -> int:
    """Import the shipped playbook and attach scenario 1: the incident has a checklist."""
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    from runbooks.models import Scenario, Step
    from runbooks.services import scenario_attach

    playbook = Path(__file__).resolve().parents[2] / "runbooks/defaults/playbook.pt-BR.md"
    call_command("import_playbook", str(playbook), stdout=StringIO())
    scenario = Scenario.objects.get(number=1)
    scenario_attach(incident=incident, scenario=scenario, by=by)
    return Step.objects.filter(scenario=scenario).order_by("pk").values_list("pk", flat=True)[0]
