"""The playbook is the source of truth for what it states: the severity table, the roles
and the message templates, shown as a diff by a dry run and recorded when applied; the
reference page holds the rest of it. And an import never silently wipes anything
(issue 16, item 4: keyword import_safety)."""

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from communications.models import MessageTemplate
from incidents.models import Role, SeverityPolicy
from incidents.services import incident_declare
from runbooks.models import EscalationRule, PlaybookImport, Scenario, Step

from .fidelity import HARBOR, PLAYBOOKS, T0

DEFAULTS = Path(__file__).resolve().parents[2] / "runbooks" / "defaults"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_playbook", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["customer", "harbor"])
def test_fidelity_dry_run_json_types_every_rule(db, name):
    path = PLAYBOOKS[name]
    if not path.exists():
        pytest.skip("the customer's playbook is not next to this checkout")
    out, _err = run(str(path), "--dry-run", "--json")
    data = json.loads(out)
    kinds = {"after_minutes", "immediate", "recurrence", "rollback_failed", "breach_confirmed"}
    for scenario in data["scenarios"]:
        for rule in scenario["escalation_rules"]:
            assert rule["condition"]["kind"] in kinds | {"while"}
            if rule["condition"]["kind"] == "while":
                assert rule["condition"]["text"] and rule["condition"]["minutes"]
    assert not Scenario.objects.exists()


def test_fidelity_import_sets_severity_table_roles_and_templates_with_a_dry_run_diff(
    db, defaults, commander
):
    # Harbor's table differs from the shipped one: P0 acknowledged in 10 min, not 15.
    out, _err = run(str(HARBOR), "--dry-run")
    assert "would change: P0: acknowledge within (min) 15 → 10" in out
    assert "would change: role Escalation Engineer" in out
    assert "would change: template" in out
    assert SeverityPolicy.objects.get(severity="P0").acknowledge_minutes == 15  # dry run

    out, _err = run(str(HARBOR))
    p0 = SeverityPolicy.objects.get(severity="P0")
    assert (p0.acknowledge_minutes, p0.meaning_en) == (10, "Tracking is down for every customer")
    assert p0.engineer_multiplier == 3 and p0.commander_at_open
    assert SeverityPolicy.objects.get(severity="P3").backlog_instead_of_engineer
    engineer = Role.objects.get(key="escalation_engineer")
    assert engineer.responsibility_en.startswith("Deep diagnosis and code fixes")
    recorded = PlaybookImport.objects.latest("imported_at").extras["changes"]
    assert any(line.startswith("P0: acknowledge within") for line in recorded)
    notice = MessageTemplate.objects.get(kind="notification", language="en")
    assert notice.email_subject == "[Harbor] {{ title }}"
    assert "Impact: {{ impact }}" in notice.email_body
    assert "every {{ updates_every }} minutes" in notice.email_body
    # A template edited in the tool is the team's: a later import leaves it.
    notice.updated_by = commander
    notice.email_body = "Our own words"
    notice.save()
    out, _err = run(str(HARBOR))
    assert "kept, edited in the tool" in out
    assert MessageTemplate.objects.get(pk=notice.pk).email_body == "Our own words"


def test_fidelity_changed_sla_moves_clocks_of_new_incidents_only(db, defaults, commander, tmp_path):
    run(str(HARBOR))
    with time_machine.travel(T0, tick=False):
        before = incident_declare(title="Tracking down", severity="P1", by=commander)
    edited = tmp_path / "harbor.md"
    edited.write_text(
        HARBOR.read_text().replace("| **30 minutes** | 90 min", "| **45 minutes** | 135 min")
    )
    out, _err = run(str(edited), "--dry-run")
    assert "P1: acknowledge within (min) 30 → 45" in out
    run(str(edited))
    with time_machine.travel(T0, tick=False):
        after = incident_declare(title="Tracking down again", severity="P1", by=commander)
    due = {i.pk: i.deadlines.get(kind="acknowledge").due_at for i in (before, after)}
    assert due[before.pk] == T0 + timedelta(minutes=30)
    assert due[after.pk] == T0 + timedelta(minutes=45)


def test_fidelity_a_playbook_without_a_section_leaves_that_part_alone(db, defaults, tmp_path):
    bare = tmp_path / "bare.md"
    text = HARBOR.read_text()
    start, end = text.index("## Escalation"), text.index("## Scenarios")
    bare.write_text(text[:start] + text[end:])
    policy = SeverityPolicy.objects.get(severity="P0")
    out, _err = run(str(bare))
    assert SeverityPolicy.objects.get(severity="P0").acknowledge_minutes == 15
    assert policy.meaning_en == SeverityPolicy.objects.get(severity="P0").meaning_en
    assert "P0:" not in out


def test_fidelity_reference_page_holds_the_whole_playbook(client, imported, responder):
    client.force_login(responder)
    page = client.get(reverse("runbooks:reference")).content.decode()
    assert "Ação rápida &gt; diagnóstico perfeito" in page  # a principle
    assert "Ambientes de staging" in page  # when NOT to use it
    assert "DISASTER_RECOVERY.md" in page  # related documents
    assert "Após primeiro incidente P0/P1" in page  # the next-review note
    assert "Objetivo" in page


@pytest.mark.parametrize("name", ["playbook.pt-BR.md", "playbook.en.md"])
def test_fidelity_default_playbooks_keep_the_jwt_secret_fact(name):
    from runbooks.playbook import load_playbook_file

    auth = load_playbook_file(DEFAULTS / name).scenario(6)
    (revert,) = [
        step
        for step in auth.steps
        if step.section == "immediate_action" and "JWT_SECRET" in (step.case or "")
    ]
    said = revert.command + " ".join(revert.details)
    assert "invalida todos os tokens atuais" in said or "invalidates every current token" in said


# Issue 16, item 4: an import that silently wipes a scenario.

ONE_EMPTY_SCENARIO = """# Playbook

### Scenario 1: Database Down

**Severity:** P0

**Escalation:**

- If unresolved after **30 min** → Escalation Engineer
"""


def test_import_safety_fidelity_removals_need_prune_and_the_dry_run_lists_them(
    db, defaults, tmp_path
):
    run(str(HARBOR))
    steps_before = Step.objects.filter(scenario__number=1).count()
    shorter = tmp_path / "shorter.md"
    text = HARBOR.read_text()
    shorter.write_text(
        text.replace("1. **Restart the tracking pods:**", "1. **Restart the tracking service:**")
    )
    out, _err = run(str(shorter), "--dry-run")
    assert "would remove: scenario 1: step “Restart the tracking pods”" in out
    with pytest.raises(CommandError, match="would remove") as refused:
        run(str(shorter))
    assert "--prune" in str(refused.value)
    assert Step.objects.filter(scenario__number=1, text="Restart the tracking pods").exists()
    assert Step.objects.filter(scenario__number=1).count() == steps_before
    run(str(shorter), "--prune")
    assert not Step.objects.filter(scenario__number=1, text="Restart the tracking pods").exists()

    only_one = tmp_path / "one.md"
    text = shorter.read_text()
    start = text.index("### Scenario 2")
    only_one.write_text(text[:start] + text[text.index("## Communication") :])
    out, _err = run(str(only_one), "--prune", "--dry-run")
    assert "would remove: scenario 2. Carrier Feed Outage" in out
    out, _err = run(str(only_one))
    assert "not in this playbook, kept" in out and Scenario.objects.count() == 5


def test_import_safety_fidelity_a_scenario_with_no_steps_is_an_error(db, defaults, tmp_path):
    run(str(HARBOR))
    rules = EscalationRule.objects.count()
    path = tmp_path / "empty.md"
    path.write_text(ONE_EMPTY_SCENARIO)
    with pytest.raises(CommandError, match=r"line 3: expected at least one step"):
        run(str(path))
    assert EscalationRule.objects.count() == rules
    assert Step.objects.filter(scenario__number=1).exists()


def test_import_safety_fidelity_lines_not_understood_are_reported(db, tmp_path):
    path = tmp_path / "odd.md"
    text = HARBOR.read_text().replace(
        "- If unresolved after **25 min** → Escalation Engineer",
        "- If unresolved after **25 min** → Escalation Engineer\n\nCall Bob if it gets bad.",
    )
    path.write_text(text)
    line = text.splitlines().index("Call Bob if it gets bad.") + 1
    out, _err = run(str(path))
    assert f"line {line}: not understood, left out: Call Bob if it gets bad." in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("Tracking API Down", "Tracking\x00API Down"), "NUL byte"),
        (lambda t: t.replace("Scenario 1:", "Scenario 99999999999999999999:"), "scenario number"),
        (lambda t: t.replace("after **25 min**", "after **99999999999 min**"), "rule's minutes"),
        (lambda t: t.replace("Tracking API Down", "T" * 5000), "scenario title"),
        (
            lambda t: t.replace(
                "- ⚠️ Some addresses show no map pin",
                "\n".join("  " * depth + "- deeper" for depth in range(2000)),
            ),
            "nested",
        ),
    ],
    ids=["nul", "number", "minutes", "long", "nested"],
)
def test_import_safety_fidelity_malformed_input_names_the_line_and_writes_nothing(
    db, tmp_path, change, message
):
    path = tmp_path / "bad.md"
    path.write_text(change(HARBOR.read_text()))
    with pytest.raises(CommandError, match=r"line \d+: .*" + message):
        run(str(path))
    assert not Scenario.objects.exists()


def test_import_safety_fidelity_command_exits_non_zero_without_a_traceback(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad.md"
    path.write_text(ONE_EMPTY_SCENARIO)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "manage.py", "import_playbook", str(path), "--dry-run"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "line 3:" in done.stderr and "Traceback" not in done.stderr


def test_fidelity_review_rules_come_from_the_playbook(db, defaults, commander, tmp_path):
    from reviews.rules import mandatory_cause, review_policy

    assert review_policy()[0] == {"P0", "P1"}  # before any import: the shipped rules
    path = tmp_path / "harbor.md"
    path.write_text(
        HARBOR.read_text()
        + "\n## Post-Incident Review\n\n### Mandatory for\n\n- ✅ Every **P0** incident\n"
        "- ⚠️ **P1** incidents if they recur (>1x in 7 days)\n"
    )
    run(str(path))
    mandatory, recurring = review_policy()
    assert mandatory == {"P0"} and recurring["P1"] == (1, timedelta(days=7))
    p0 = incident_declare(title="Tracking down", severity="P0", by=commander)
    p1 = incident_declare(title="Tracking late", severity="P1", by=commander)
    assert mandatory_cause(p0) == "severity" and mandatory_cause(p1) is None
