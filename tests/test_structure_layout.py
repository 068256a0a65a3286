"""The layout rules a newcomer relies on (keyword: structure): imports at module level only,
one Actor type, the COPY plumbing outside the domain hub, a setup that fails loudly."""

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parent.parent
APPS = (
    "bulkcopy",
    "incidents",
    "escalation",
    "runbooks",
    "communications",
    "notifications",
    "alerts",
    "reviews",
    "schedules",
    "audit",
)


def _app_modules() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((BASE / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_structure_no_function_level_imports():
    """An import inside a function hides a cycle or a late dependency: every app module
    imports at its top (TYPE_CHECKING blocks are module level too)."""
    found = []
    for path in _app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(func):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        found.append(f"{path.relative_to(BASE)}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize(
    "module",
    [
        "notifications.chain",
        "notifications.dispatch",
        "notifications.tasks",
        "notifications.delivery",
        "notifications.paging",
        "notifications.services",
        "escalation.actions",
        "communications.services",
        "runbooks.declare",
    ],
)
def test_structure_notifications_import_first_without_cycles(module):
    """Each module imports on its own, first thing after django.setup(): no cycle needs a
    particular order."""
    code = (
        "import django, importlib, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        f"'config.settings'); django.setup(); importlib.import_module({module!r})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_structure_page_person_lives_with_paging():
    from notifications import paging, services

    assert paging.page_person.__module__ == "notifications.paging"
    assert services.page_person is paging.page_person


def test_structure_one_actor_type():
    from incidents import actors, batch_services, services

    assert services.Actor is actors.Actor
    assert batch_services.Actor is actors.Actor
    assert not (BASE / "incidents" / "bulk_insert.py").exists()
    assert importlib.import_module("bulkcopy").insert_rows


def test_structure_app_setup_fails_loudly_on_a_missing_file(monkeypatch):
    sys.path.insert(0, str(BASE / "scripts"))
    try:
        import app_setup
    finally:
        sys.path.remove(str(BASE / "scripts"))
    steps = app_setup.setup_steps(demo=True, collectstatic=True)
    assert [name for name, _args in steps][-1] == "collectstatic"
    assert ("load_defaults", ["--demo"]) in steps
    monkeypatch.setattr(
        app_setup, "RUN_SETUP_COMMANDS", [("import_playbook", ["runbooks/defaults/nope.md"])]
    )
    with pytest.raises(SystemExit, match="nope.md does not exist"):
        app_setup.run_setup()
