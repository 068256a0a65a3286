import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from runbooks.models import EscalationRule, QuickReferenceItem, Scenario, ServiceEndpoint, Step


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_playbook", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_shared_playbook_imports_ten_scenarios_with_their_severities(db, shared_playbook):
    output = run(str(shared_playbook))
    assert "repaired text damaged as mac_roman" in output
    scenarios = list(Scenario.objects.order_by("number"))
    assert [s.number for s in scenarios] == list(range(1, 11))
    assert [s.severity for s in scenarios] == [
        "P0", "P1", "P1", "P0", "P0", "P1", "P1", "P2", "P1", "P0",
    ]  # fmt: skip
    # The mojibake is gone: "Visão"-style text reads as Portuguese again.
    first = scenarios[0]
    assert first.title == "Database Down"
    assert any("Frontend exibe" in s for s in first.symptoms)
    assert not Step.objects.filter(text__contains="√").exists()


def test_every_diagnosis_command_is_imported(imported, shared_playbook):
    text = shared_playbook.read_text()
    diagnosis = Step.objects.filter(section="diagnosis").exclude(command="")
    commands = [step.command for step in diagnosis]
    for needle in [
        "curl https://backend.railway.app/api/health",
        'railway logs --service backend | grep -i "database\\|postgres\\|connection"',
        "time curl https://backend.railway.app/api/etps",
        "SELECT count(*) FROM pg_stat_activity;",
        'railway logs --service backend | grep -i "openai\\|gpt-4"',
        'railway logs --service backend | grep -i "heap\\|memory\\|oom"',
        "railway logs --service frontend | tail -50",
        'railway logs --service backend | grep -i "login\\|auth\\|unauthorized"',
        "SELECT * FROM pg_stat_activity WHERE state = 'active';",
    ]:
        assert needle in text or needle.replace("\\\\", "\\") in text
        assert any(needle in command for command in commands), needle
    # Each scenario starts with diagnosis steps, in the playbook's order.
    db_down = Scenario.objects.get(number=1)
    texts = list(db_down.steps.filter(section="diagnosis").values_list("text", flat=True))
    assert texts == [
        "Verificar health check",
        "Verificar logs backend",
        "Verificar Railway PostgreSQL status",
    ]


def test_health_check_of_database_down_comes_with_its_expectation(imported):
    step = Step.objects.get(scenario__number=1, section="diagnosis", order=0)
    assert step.check_service == "backend"
    assert step.check_path == "/api/health"
    assert step.check_expect_status == 200
    assert step.check_expect_json == {"status": "ok", "database": "healthy"}
    assert ServiceEndpoint.objects.get(name="backend").base_url == "https://backend.railway.app"


def test_escalation_rules_become_data(imported):
    def rules(number):
        return list(EscalationRule.objects.filter(scenario__number=number).order_by("order"))

    memory_leak = rules(4)
    assert [(r.after_minutes, r.target) for r in memory_leak] == [(60, "escalation_engineer")]
    openai = rules(3)
    assert [(r.after_minutes, r.target) for r in openai] == [(120, "incident_commander")]
    corruption = rules(7)
    assert [(r.after_minutes, r.target) for r in corruption] == [(60, "incident_commander")]
    rate_limit = rules(8)[0]
    assert (rate_limit.recurrence_count, rate_limit.recurrence_window_minutes) == (3, 1440)
    assert rate_limit.target == "escalation_engineer"
    assert rate_limit.recurrence_exceeded(4) and not rate_limit.recurrence_exceeded(3)
    deploy = rules(9)[0]
    assert deploy.immediate and deploy.on_rollback_failure
    assert deploy.target == "escalation_engineer"
    breach = rules(10)
    assert breach[0].immediate and not breach[0].condition
    assert breach[0].target == "incident_commander"
    assert Scenario.objects.get(number=10).rollback_blocked
    assert not Scenario.objects.filter(rollback_blocked=True).exclude(number=10).exists()


def test_quick_reference_is_seeded(imported):
    commands = QuickReferenceItem.objects.filter(kind="command")
    assert "./scripts/rollback.sh" in commands.values_list("value", flat=True)
    assert QuickReferenceItem.objects.filter(
        kind="status_page", url="https://status.openai.com/"
    ).exists()


def test_reimport_is_idempotent(imported, shared_playbook):
    counts = (Scenario.objects.count(), Step.objects.count(), EscalationRule.objects.count())
    ids = set(Step.objects.values_list("pk", flat=True))
    output = run(str(shared_playbook))
    assert "(0 new, 0 changed, 10 unchanged)" in output
    assert "steps: 0 new, 0 changed, 0 removed" in output
    assert (
        Scenario.objects.count(),
        Step.objects.count(),
        EscalationRule.objects.count(),
    ) == counts
    assert set(Step.objects.values_list("pk", flat=True)) == ids


def test_dry_run_json_writes_nothing_and_prints_the_playbook(db, shared_playbook):
    out, err = StringIO(), StringIO()
    call_command(
        "import_playbook", str(shared_playbook), "--dry-run", "--json", stdout=out, stderr=err
    )
    data = json.loads(out.getvalue())
    assert data["repaired_encoding"] == "mac_roman"
    assert [s["severity"] for s in data["scenarios"]][:3] == ["P0", "P1", "P1"]
    assert {"section", "text", "command"} <= set(data["scenarios"][0]["steps"][0])
    assert "mac_roman" in err.getvalue()
    assert Scenario.objects.count() == 0


OTHER_PRODUCT = """# Runbook — Payments API

## Escalation Matrix

| Severity | Meaning | Response Time | Escalation Time |
| --- | --- | --- | --- |
| **P1 (High)** | Payments slow | **30 minutes** | 1h → Escalation Engineer |

## Top Failure Scenarios

### Scenario 1: Card Processor Unreachable

**Severity:** P1 (High)

**Symptoms:**

- Checkout returns 502
- Queue of pending charges grows

**Diagnosis:**

1. **Probe the gateway:**

   ```bash
   curl https://gateway.payments.example/healthz
   # Expected: {"ok":true}
   ```

2. **Read the processor logs:**

   ```bash
   kubectl logs deploy/charges --since=10m
   ```

**Immediate Action:**

1. **Switch to the backup processor:**

   ```bash
   ./bin/switch-processor backup
   ```

**Verification:**

1. **Charges go through:**

   ```bash
   ./bin/smoke-charge
   ```

**Rollback Plan:**

- `./bin/switch-processor primary`

**Escalation:**

- If unresolved after **45 min** → Escalation Engineer
- If processor down more than 2 times in 7 days → Incident Commander

### Scenario 2: Refunds Stuck

**Severity:** P2 (Medium)

**Symptoms:**

- Refund jobs pending for hours

**Diagnosis:**

1. **Count stuck jobs:**

   ```bash
   ./bin/refunds --stuck
   ```

**Verification:**

1. **No stuck refunds left**

**Escalation:**

- If unresolved after **4h** → Escalation Engineer
"""


def test_another_products_playbook_imports_without_code_changes(db, tmp_path: Path):
    path = tmp_path / "payments.md"
    path.write_text(OTHER_PRODUCT, encoding="utf-8")
    output = run(str(path))
    assert "repaired" not in output
    card, refunds = Scenario.objects.order_by("number")
    assert (card.title, card.severity, refunds.severity) == (
        "Card Processor Unreachable", "P1", "P2",
    )  # fmt: skip
    probe = card.steps.get(section="diagnosis", order=0)
    assert (probe.check_service, probe.check_path, probe.check_expect_json) == (
        "gateway", "/healthz", {"ok": True},
    )  # fmt: skip
    rules = list(card.rules.order_by("order"))
    assert (rules[0].after_minutes, rules[0].target) == (45, "escalation_engineer")
    assert (rules[1].recurrence_count, rules[1].recurrence_window_minutes) == (2, 7 * 1440)
    assert rules[1].target == "incident_commander"
    assert refunds.rules.get().after_minutes == 240


def test_windows_1252_damaged_playbook_is_repaired_and_said_so(db, tmp_path: Path):
    clean = OTHER_PRODUCT.replace("Refunds Stuck", "Reembolsos Travados — Ação Imediata")
    # Build the damage exactly: UTF-8 bytes read as Windows-1252, saved again as UTF-8.
    damaged = clean.encode("utf-8").decode("cp1252")
    path = tmp_path / "damaged.md"
    path.write_text(damaged, encoding="utf-8")
    assert "AÃ§Ã£o" in path.read_text(encoding="utf-8")
    output = run(str(path))
    assert "repaired text damaged as cp1252" in output
    assert Scenario.objects.get(number=2).title == "Reembolsos Travados — Ação Imediata"


def test_malformed_playbook_imports_nothing_and_names_the_line(db, tmp_path: Path):
    broken = OTHER_PRODUCT.replace("**Severity:** P2 (Medium)", "**Severity:** urgent")
    path = tmp_path / "broken.md"
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("**Severity:** urgent") + 1
    with pytest.raises(CommandError) as error:
        run(str(path))
    assert f"line {line}" in str(error.value)
    assert "severity P0, P1, P2 or P3" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    # Scenario 1 parsed fine, but nothing was written.
    assert Scenario.objects.count() == 0
    assert Step.objects.count() == 0


def test_reimport_after_an_edit_keeps_checklist_progress(db, tmp_path: Path, declare, responder):
    from runbooks.models import StepProgress
    from runbooks.services import scenario_attach, step_mark

    path = tmp_path / "payments.md"
    path.write_text(OTHER_PRODUCT, encoding="utf-8")
    run(str(path))
    card = Scenario.objects.get(number=1)
    incident = declare("P1", "Checkout returns 502")
    scenario_attach(incident=incident, scenario=card, by=responder)
    probe = card.steps.get(text="Probe the gateway")
    logs = card.steps.get(text="Read the processor logs")
    step_mark(incident=incident, step=probe, state="done", by=responder)
    step_mark(incident=incident, step=logs, state="done", by=responder)

    edited = (
        OTHER_PRODUCT.replace("--since=10m", "--since=30m")  # command changed
        .replace("Read the processor logs", "Read the charge service logs")  # step renamed
        .replace(
            "1. **Switch to the backup",
            "1. **Page the processor's support line**\n\n2. **Switch to the backup",
        )
        .replace("**45 min**", "**20 min**")
    )
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(CommandError, match="Read the processor logs"):
        run(str(path))  # the renamed step would go: refused without --prune
    run(str(path), "--prune")

    assert Scenario.objects.count() == 2
    probe.refresh_from_db()
    assert not probe.retired
    assert StepProgress.objects.get(incident=incident, step=probe).state == "done"
    # The renamed step is kept (retired) for the incident that ticked it, not shown any more.
    logs.refresh_from_db()
    assert logs.retired
    renamed = card.steps.get(text="Read the charge service logs")
    assert "--since=30m" in renamed.command
    assert card.steps.filter(
        text="Page the processor's support line", section="immediate_action"
    ).exists()
    assert card.rules.get(order=0).after_minutes == 20
    # Importing the same file again changes nothing.
    before = Step.objects.count()
    run(str(path))
    assert Step.objects.count() == before
