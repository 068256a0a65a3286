"""The playbook parser: plain Python, no database and no Django needed."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from runbooks.playbook import (
    PlaybookSyntaxError,
    load_playbook_file,
    parse_playbook,
    parse_playbook_text,
    repair_mojibake,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEFAULTS = ROOT / "runbooks" / "defaults"
SHARED_PLAYBOOK = Path(
    os.environ.get(
        "INCIDENT_PLAYBOOK_PATH",
        ROOT.parent / "shared" / "playbooks" / "production-incident-response.md",
    )
)

SEVERITIES = ["P0", "P1", "P1", "P0", "P0", "P1", "P1", "P2", "P1", "P0"]
SECTIONS = {
    "diagnosis",
    "immediate_action",
    "root_cause",
    "verification",
    "rollback",
    "post_incident",
}
TARGETS = {"escalation_engineer", "incident_commander", "security_specialist", "legal", "backlog"}
# The escalation rules every ETP Express playbook must yield, scenario by scenario.
EXPECTED_RULES = {
    1: [("after", 30, "escalation_engineer"), ("after", 60, "incident_commander")],
    2: [("after", 120, "escalation_engineer")],
    3: [("after", 120, "incident_commander")],
    4: [("after", 60, "escalation_engineer")],
    5: [("after", 30, "escalation_engineer")],
    6: [("after", 120, "escalation_engineer")],
    7: [("after", 60, "incident_commander")],
    8: [("recurrence", (3, 1440), "escalation_engineer")],
    9: [("immediate", True, "escalation_engineer")],
    10: [("immediate", True, "incident_commander"), ("immediate", True, "legal")],
}


def _c1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Keep bytes cp1252 leaves undefined as the C1 control character of the same value."""
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("test-c1-fallback", _c1_fallback)


def rule_summary(rule: dict) -> tuple:
    if "after_minutes" in rule:
        return ("after", rule["after_minutes"], rule["target"])
    if "recurrence" in rule:
        recurrence = rule["recurrence"]
        return ("recurrence", (recurrence["count"], recurrence["window_minutes"]), rule["target"])
    return ("immediate", rule["immediate"], rule["target"])


def assert_etp_playbook(data: dict) -> None:
    """What the customer's playbook and both of our defaults have in common."""
    scenarios = data["scenarios"]
    assert [s["number"] for s in scenarios] == list(range(1, 11))
    assert [s["severity"] for s in scenarios] == SEVERITIES
    for scenario in scenarios:
        rules = [rule_summary(rule) for rule in scenario["escalation_rules"]]
        assert rules == EXPECTED_RULES[scenario["number"]], scenario["title"]
        diagnosis = [step for step in scenario["steps"] if step["section"] == "diagnosis"]
        assert any(step["command"] for step in diagnosis), scenario["title"]
        assert scenario["symptoms"], scenario["title"]
    codes = [level["code"] for level in data["severities"]]
    assert codes == ["P0", "P1", "P2", "P3"]
    assert [level["response_minutes"] for level in data["severities"]] == [15, 60, 240, 1440]
    assert [level["escalation_minutes"] for level in data["severities"]] == [30, 120, 480, 2880]
    targets = [level["escalation_target"] for level in data["severities"]]
    assert targets == ["escalation_engineer"] * 3 + ["backlog"]
    assert data["scenarios"][9]["rollback_blocked"] is True
    assert data["post_incident_review"]["mandatory_severities"] == ["P0", "P1"]
    assert [entry["after_minutes"] for entry in data["post_incident_review"]["timeline"]] == [
        1440,
        2880,
        10080,
    ]
    json.dumps(data)  # the whole dict is JSON-serialisable


# --- The customer's playbook -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared():
    if not SHARED_PLAYBOOK.exists():
        if os.environ.get("CI"):
            pytest.fail(f"customer playbook missing in CI: {SHARED_PLAYBOOK}")
        pytest.skip(f"customer playbook not present at {SHARED_PLAYBOOK} (set CI to require it)")
    return load_playbook_file(SHARED_PLAYBOOK).to_json_dict()


def test_shared_playbook_is_repaired_from_mac_roman(shared):
    assert shared["repaired_encoding"] == "mac_roman"
    assert shared["metadata"]["Versão"] == "1.0"
    text = json.dumps(shared, ensure_ascii=False)
    for marker in ("√", "‚Ä", "üì", "\uf8ff"):  # Mac Roman views of UTF-8 lead bytes
        assert marker not in text


def test_shared_playbook_scenarios_severities_and_rules(shared):
    assert_etp_playbook(shared)
    titles = [scenario["title"] for scenario in shared["scenarios"]]
    assert titles[0] == "Database Down"
    assert titles[3] == "Memory Leak (OOM - Out of Memory)"
    assert titles[9] == "Security Breach Suspected"


def test_shared_playbook_rule_details(shared):
    rules = {s["number"]: s["escalation_rules"] for s in shared["scenarios"]}
    assert rules[1][0]["condition"] == {"kind": "after_minutes", "minutes": 30}
    assert rules[3][0]["condition"] == {"kind": "while", "minutes": 120, "text": "OpenAI downtime"}
    assert rules[7][0]["condition_text"] == "data loss significativo"
    assert rules[8][0]["recurrence"] == {"count": 3, "window_minutes": 1440, "operator": ">"}
    assert rules[8][0]["condition"]["kind"] == "recurrence"
    assert rules[8][0]["condition_text"] == "rate limit constante"
    assert rules[9][0]["immediate"] is True
    assert rules[9][0]["condition"] == {"kind": "rollback_failed", "text": "rollback falhou"}
    assert "after_minutes" not in rules[9][0]
    assert rules[10][0]["also"] == ["Security specialist"]
    assert rules[10][0]["also_roles"] == ["security_specialist"]
    assert "Security specialist" in rules[10][0]["text"]
    breach = rules[10][1]
    assert breach["condition"] == {"kind": "breach_confirmed", "text": "breach confirmado"}
    assert breach["target"] == "legal"
    assert breach["also"] == ["ANPD"]


def test_shared_playbook_diagnosis_commands(shared):
    commands = {
        s["number"]: [st["command"] for st in s["steps"] if st["section"] == "diagnosis"]
        for s in shared["scenarios"]
    }
    assert commands[1][0].startswith("curl https://backend.railway.app/api/health")
    assert 'railway logs --service backend | grep -i "database\\|postgres\\|connection"' in (
        commands[1][1].splitlines()
    )
    assert commands[1][2] is None  # a checklist step without a command
    assert commands[4][1].startswith("railway ps")


def test_shared_playbook_health_check_is_path_only(shared):
    first = shared["scenarios"][0]["steps"][0]
    assert first["section"] == "diagnosis"
    assert first["text"] == "Verificar health check"
    assert first["check"] == {
        "method": "GET",
        "path": "/api/health",
        "expect_status": 200,
        "expect_json": {"status": "ok", "database": "healthy"},
    }
    assert "railway.app" not in json.dumps(first["check"])


def test_shared_playbook_sections_cases_and_verification(shared):
    scenario3 = shared["scenarios"][2]
    cases = [st["case"] for st in scenario3["steps"] if st["section"] == "immediate_action"]
    assert cases == [
        "Caso 1: Rate Limit (429 Too Many Requests)",
        "Caso 2: API Key Inválida",
        "Caso 3: OpenAI Downtime (503 Service Unavailable)",
    ]
    scenario1 = shared["scenarios"][0]
    root = [st for st in scenario1["steps"] if st["section"] == "root_cause"]
    assert [st["case"] for st in root] == [
        "Se crash foi por migration malformada",
        "Se foi por falta de recursos",
    ]
    assert "railway run npm run migration:revert" in root[0]["command"]
    verification = [st["text"] for st in scenario1["steps"] if st["section"] == "verification"]
    assert verification == ["Health check OK", "Endpoint crítico funciona", "Frontend carrega"]
    scenario8 = shared["scenarios"][7]
    options = [st["case"] for st in scenario8["steps"] if st["section"] == "root_cause"]
    assert options[0] == "Opção 1: Implementar queueing"
    scenario10 = shared["scenarios"][9]
    assert {st["section"] for st in scenario10["steps"]} == SECTIONS
    symptoms = shared["scenarios"][0]["symptoms"]
    assert symptoms[3] == "Monitoring: Error rate 100%, latency infinita"


def test_shared_playbook_tables_and_extras(shared):
    roles = {role["key"]: role for role in shared["roles"]}
    assert roles["escalation_engineer"]["sla_multiplier"] == 2
    assert roles["incident_commander"]["sla_multiplier"] == 4
    assert roles["incident_commander"]["always_for"] == ["P0"]
    assert [c["role_key"] for c in shared["contacts"]][-1] == "product_owner"
    assert shared["notification_channels"][0]["text"] == "Slack `#alerts-production`"
    template = shared["communication"]["templates"][0]
    assert template["subject"] == "[ETP Express] Sistema Temporariamente Indisponível"
    assert template["update_interval_minutes"] == 30
    conditional = shared["post_incident_review"]["conditional"][0]
    assert conditional["severity"] == "P2"
    assert conditional["recurrence"]["window_minutes"] == 30 * 1440
    reference = shared["quick_reference"]
    assert reference["emergency_commands"][0] == {
        "title": "ROLLBACK (recuperação rápida)",
        "command": "./scripts/rollback.sh",
    }
    assert reference["status_pages"][0]["url"] == "https://status.openai.com/"
    assert len(reference["dashboards"]) == 4


# --- Our default playbooks ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["playbook.pt-BR.md", "playbook.en.md"])
def test_default_playbooks_parse_like_the_customer_one(name):
    path = DEFAULTS / name
    path.read_bytes().decode("utf-8")  # clean UTF-8, strictly
    data = load_playbook_file(path).to_json_dict()
    assert data["repaired_encoding"] is None
    assert_etp_playbook(data)
    kinds = [template["kind"] for template in data["communication"]["templates"]]
    assert kinds == ["incident_notification", "status_update", "incident_resolved"]
    assert all(t["update_interval_minutes"] == 30 for t in data["communication"]["templates"][:2])
    first = data["scenarios"][0]["steps"][0]
    assert first["check"]["path"] == "/api/health"
    assert {c["role_key"] for c in data["contacts"]} >= {"incident_commander", "product_owner"}


def test_default_playbooks_match_each_other():
    pt = load_playbook_file(DEFAULTS / "playbook.pt-BR.md").to_json_dict()
    en = load_playbook_file(DEFAULTS / "playbook.en.md").to_json_dict()
    for ours, theirs in zip(pt["scenarios"], en["scenarios"], strict=True):
        assert [st["section"] for st in ours["steps"]] == [st["section"] for st in theirs["steps"]]
        assert [st["command"] is None for st in ours["steps"]] == [
            st["command"] is None for st in theirs["steps"]
        ]
    assert pt["scenarios"][0]["title"] == "Banco de Dados Indisponível"
    assert en["scenarios"][3]["title"] == "Memory Leak (OOM - Out of Memory)"


# --- Another product's playbook ----------------------------------------------------------------


@pytest.fixture(scope="module")
def orbit():
    return load_playbook_file(FIXTURES / "orbit-pay.en.md").to_json_dict()


def test_other_product_playbook_parses_without_code_changes(orbit):
    assert [s["title"] for s in orbit["scenarios"]] == [
        "Card Processor Timeout",
        "Webhook Backlog",
        "Leaked API Key",
    ]
    assert [s["severity"] for s in orbit["scenarios"]] == ["P1", "P2", "P0"]
    rules = [[rule_summary(r) for r in s["escalation_rules"]] for s in orbit["scenarios"]]
    assert rules == [
        [
            ("after", 45, "escalation_engineer"),
            ("after", 90, "incident_commander"),
            ("recurrence", (5, 60), "escalation_engineer"),
        ],
        [("after", 180, "escalation_engineer")],
        [("immediate", True, "incident_commander"), ("immediate", True, "legal")],
    ]
    levels = [
        (lv["code"], lv["response_minutes"], lv["escalation_minutes"]) for lv in orbit["severities"]
    ]
    assert levels == [("P0", 10, 20), ("P1", 30, 60), ("P2", 120, 1440)]
    assert orbit["severities"][0]["escalation_target"] == "incident_commander"


def test_other_product_steps_checks_and_headings(orbit):
    card, webhooks, leak = orbit["scenarios"]
    checks = [st["check"] for st in card["steps"] if "check" in st]
    assert checks == [
        {"method": "GET", "path": "/healthz?deep=1", "expect_status": 200,
         "expect_json": {"processor": "up"}},
        {"method": "GET", "path": "/v2/status", "expect_status": 200, "expect_json": None},
    ]  # fmt: skip
    assert [st["case"] for st in card["steps"] if st["section"] == "root_cause"] == [
        "Option 1: Raise the timeout budget",
        "Option 2: Add a circuit breaker",
    ]
    # '#### Diagnosis' headings work as labels; '# 1.' comments split the fenced block.
    diagnosis = [(st["text"], st["command"]) for st in webhooks["steps"]]
    assert diagnosis[:2] == [
        ("Count pending deliveries", "orbitctl webhooks pending --count"),
        ("Find the slowest merchant endpoints", "orbitctl webhooks slowest --limit 10"),
    ]
    assert webhooks["steps"][-1]["section"] == "post_incident"
    assert [st["text"] for st in leak["steps"] if st["section"] == "verification"] == [
        "Calls with the old key are rejected",
        "The merchant confirms the new key works",
    ]
    assert leak["rollback_blocked"] is True
    assert leak["escalation_rules"][1]["target"] == "legal"
    assert leak["escalation_rules"][1]["also"] == ["affected merchants"]


def test_portuguese_headings_and_labels():
    text = """
### Cenário 7: Fila de e-mails parada

**Severidade:** P3 (Baixo)

**Sintomas:**

- ⚠️ E-mails não chegam

**Diagnóstico:**

1. **Ver a fila:**

   ```bash
   celery -A config inspect active
   ```

**Verificação:**

1. E-mails voltam a chegar

**Escalonamento:**

- Se não resolvido em **3 horas** => Comandante do Incidente
- Se falhar mais de 2 vezes por semana -> Engenheiro de Escalonamento
"""
    scenario = parse_playbook(text).scenarios[0]
    assert (scenario.number, scenario.title, scenario.severity) == (
        7,
        "Fila de e-mails parada",
        "P3",
    )
    assert scenario.steps[0].command == "celery -A config inspect active"
    first, second = scenario.escalation_rules
    assert (first.after_minutes, first.target, first.condition) == (180, "incident_commander", None)
    assert second.recurrence is not None
    assert (second.recurrence.count, second.recurrence.window_minutes) == (2, 7 * 1440)
    assert second.target == "escalation_engineer"


# --- Encoding repair ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clean",
    ["Visão Geral", "ação imediata ✅ ❌ 📋 🚨", "plain ASCII", "Ação → Comandante", ""],
)
def test_clean_text_is_left_alone(clean):
    assert repair_mojibake(clean) == (clean, None)


@pytest.mark.parametrize("codec", ["mac_roman", "cp1252"])
def test_damaged_text_is_repaired(codec):
    original = "Visão Geral — ação ❌ 📋 ⚠️ Próxima revisão"
    damaged = original.encode("utf-8").decode(codec, errors="test-c1-fallback")
    assert damaged != original
    assert repair_mojibake(damaged) == (original, codec)


def test_known_mac_roman_sample():
    # U+F8FF (the Apple logo, Mac Roman 0xF0) leads every 4-byte sequence such as an emoji.
    assert repair_mojibake("Vis√£o Geral \uf8ffüìã") == ("Visão Geral 📋", "mac_roman")


def test_lossy_damage_is_refused():
    damaged = "❌ falhou".encode().decode("cp1252", errors="replace")
    assert "\ufffd" in damaged
    assert repair_mojibake(damaged) == (damaged, None)


def test_half_clean_half_damaged_text_is_refused():
    damaged = "Vis√£o\nVisão\n"
    assert repair_mojibake(damaged) == (damaged, None)


def test_lines_damaged_with_different_codecs_are_repaired_line_by_line():
    first = "Ação imediata".encode().decode("mac_roman")
    second = "Diagnóstico".encode().decode("cp1252")
    repaired, codec = repair_mojibake(f"{first}\nplain\n{second}\n")
    assert repaired == "Ação imediata\nplain\nDiagnóstico\n"
    assert codec in ("mac_roman", "cp1252")


@pytest.mark.parametrize("errors", ["test-c1-fallback", "surrogateescape"])
def test_playbook_damaged_as_windows_1252_is_repaired(errors):
    text = (DEFAULTS / "playbook.pt-BR.md").read_text(encoding="utf-8")
    damaged = text.encode("utf-8").decode("cp1252", errors=errors)
    assert "Ã§" in damaged  # "ç" seen through Windows-1252
    clean = parse_playbook_text(text).to_json_dict()
    repaired = parse_playbook_text(damaged).to_json_dict()
    assert repaired.pop("repaired_encoding") == "cp1252"
    clean.pop("repaired_encoding")
    assert repaired == clean


def test_load_playbook_file_handles_bom_and_crlf(tmp_path):
    source = (FIXTURES / "orbit-pay.en.md").read_text(encoding="utf-8")
    path = tmp_path / "windows.md"
    path.write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8"))
    data = load_playbook_file(path).to_json_dict()
    assert data["title"] == "Orbit Pay API — On-call Runbook"
    assert len(data["scenarios"]) == 3


def test_non_utf8_file_is_a_syntax_error(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("# Playbook\n\nVisão".encode("latin-1"))
    with pytest.raises(PlaybookSyntaxError) as error:
        load_playbook_file(path)
    assert error.value.line_number == 3


# --- Malformed playbooks -----------------------------------------------------------------------

VALID_SCENARIO = """\
### Scenario 1: Queue stuck

**Severity:** P1 (High)

**Symptoms:**

- Jobs pile up

**Diagnosis:**

1. **Inspect the queue:**

   ```bash
   celery inspect active
   ```

**Escalation:**

- If unresolved after **45 min** → Escalation Engineer
"""


def break_line(old: str, new: str) -> str:
    assert old in VALID_SCENARIO
    return VALID_SCENARIO.replace(old, new)


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (break_line("**Severity:** P1 (High)", "Severity is high"), 1, "Severity"),
        (break_line("**Severity:** P1 (High)", "**Severity:** P5"), 3, "P0, P1, P2 or P3"),
        (break_line("**Severity:** P1 (High)", "**Severity:** urgent"), 3, "P0, P1, P2 or P3"),
        (break_line("   ```\n", ""), 13, "closing ```"),
        (break_line("1. **Inspect", "**Checklist Extra:**\n\n1. **Inspect"), 11, "scenario label"),
        (break_line("### Scenario 1: Queue stuck", "### Scenario: Queue stuck"), 1, "Scenario N"),
        (break_line("→ Escalation Engineer", "→ someone"), 19, "escalation target"),
        (VALID_SCENARIO + "\n" + VALID_SCENARIO, 21, "scenario number not used before"),
        ("# Playbook\n\nNo scenarios here.\n", 3, "Scenario N: Title"),
        (
            "| Severity | Meaning | Response | Escalation |\n|---|---|---|---|\n"
            "| **P7 (Odd)** | x | 1 h | 2 h → Backlog |\n\n" + VALID_SCENARIO,
            3,
            "P0, P1, P2 or P3",
        ),
    ],
)
def test_malformed_playbooks_name_the_line(text, line, expected):
    with pytest.raises(PlaybookSyntaxError) as error:
        parse_playbook(text)
    assert error.value.line_number == line
    assert expected in error.value.expected
    assert str(error.value).startswith(f"line {line}: expected ")


def test_case_headings_under_root_cause():
    text = break_line(
        "**Escalation:**",
        "#### Root Cause Fix\n\n#### Case 1: Pool too small\n\n```bash\nraise-pool\n```\n\n"
        "#### Case 2: Leak\n\n- find it\n\n**Escalation:**",
    )
    steps = parse_playbook(text).scenarios[0].steps
    assert [(st.section, st.case, st.command) for st in steps[1:]] == [
        ("root_cause", "Case 1: Pool too small", "raise-pool"),
        ("root_cause", "Case 2: Leak", None),
    ]
    assert steps[-1].details == ["find it"]


def test_unknown_bold_line_in_root_cause_is_a_case_not_an_error():
    text = break_line("**Escalation:**", "**Root Cause Fix:**\n\n**Tune the pool:**\n\n- more\n")
    steps = parse_playbook(text).scenarios[0].steps
    assert steps[-1].case == "Tune the pool"


# --- JSON shape --------------------------------------------------------------------------------


def test_to_json_dict_shape():
    data = parse_playbook(VALID_SCENARIO).to_json_dict()
    assert data["repaired_encoding"] is None
    (scenario,) = data["scenarios"]
    assert {"number", "title", "severity", "symptoms", "steps", "escalation_rules"} <= set(scenario)
    assert (scenario["number"], scenario["title"], scenario["severity"]) == (
        1,
        "Queue stuck",
        "P1",
    )
    assert scenario["symptoms"] == ["Jobs pile up"]
    (step,) = scenario["steps"]
    assert step["section"] == "diagnosis"
    assert step["text"] == "Inspect the queue"
    assert step["command"] == "celery inspect active"
    assert step["case"] is None
    (rule,) = scenario["escalation_rules"]
    assert rule["after_minutes"] == 45
    assert rule["target"] == "escalation_engineer"
    assert rule["condition"] == {"kind": "after_minutes", "minutes": 45}
    assert rule["text"] == "If unresolved after 45 min → Escalation Engineer"
    assert "immediate" not in rule and "recurrence" not in rule
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize("name", ["playbook.pt-BR.md", "playbook.en.md"])
def test_every_step_and_rule_uses_the_vocabulary(name):
    data = load_playbook_file(DEFAULTS / name).to_json_dict()
    for scenario in data["scenarios"]:
        for step in scenario["steps"]:
            assert step["section"] in SECTIONS
            assert step["text"]
        for rule in scenario["escalation_rules"]:
            assert rule["target"] in TARGETS
            triggers = {"after_minutes", "immediate", "recurrence"} & set(rule)
            assert len(triggers) == 1


@pytest.mark.parametrize(
    "command",
    [
        'curl -X POST https://x.example/api/health\n# Expected: {"status":"ok"}',
        'curl https://x.example/api/etps -H "Authorization: Bearer t"\n# Expected: 200 OK',
        "curl https://x.example/api/etps/<id>\n# Expected: 200 OK",
        "curl -I https://x.example/\n# Expected: 200 OK",
        "curl https://x.example/api/health | jq .\n# Expected: 200 OK",
        "time curl https://x.example/api/etps\n# Expected: < 500ms",
        "curl https://x.example/api/health",
    ],
)
def test_only_plain_gets_with_an_expectation_become_checks(command):
    indented = "\n".join("   " + line for line in command.splitlines())
    text = break_line("   celery inspect active", indented)
    (step,) = parse_playbook(text).scenarios[0].steps
    assert step.check is None
