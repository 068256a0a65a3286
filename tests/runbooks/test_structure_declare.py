"""Declare hooks run inside incident_declare with cleaned data: an incident declared by code
(an API, a command) gets its scenario attached as one declared on the web form does."""

import pytest

from incidents.services import incident_declare
from runbooks.declare import ScenarioPickerForm

from .conftest import scenario_titled

pytestmark = pytest.mark.django_db


def test_structure_incident_declared_by_code_gets_the_declare_hooks(imported, defaults, commander):
    database_down = scenario_titled("Database Down")
    incident = incident_declare(
        title="Database down", severity="P0", by=commander, extra={"scenario": database_down}
    )
    assert incident.runbook.scenario == database_down
    assert incident.timeline.filter(kind="scenario_attached").exists()


def test_structure_scenario_picker_cleans_to_a_scenario_or_nothing(imported, responder, manager):
    database_down = scenario_titled("Database Down")
    form = ScenarioPickerForm({"scenario": str(database_down.pk)}, user=responder)
    assert form.is_valid() and form.cleaned_data["scenario"] == database_down
    form = ScenarioPickerForm({"scenario": "not a number"}, user=responder)
    assert form.is_valid() and form.cleaned_data["scenario"] is None
    # Someone who may not attach a scenario is not offered one, and picks none.
    form = ScenarioPickerForm({"scenario": str(database_down.pk)}, user=manager)
    assert form.is_valid() and form.cleaned_data.get("scenario") is None and str(form) == ""
