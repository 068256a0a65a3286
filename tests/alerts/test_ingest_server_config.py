"""The web process's gunicorn settings (config/gunicorn.py, which the Dockerfile, compose
and bench/ingest.py start with): a worker loads every view before its first request and
takes it out of the garbage collector's walks, so an alert storm's requests pay only for
what they allocate."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WORKER = """
import gc, sys
import django
django.setup()
from config import gunicorn
assert "alerts.api" not in sys.modules
gunicorn.post_worker_init(object())
print(gc.get_freeze_count(), "alerts.api" in sys.modules)
"""


def _run(*command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_ingest_gunicorn_settings_load():
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    checked = _run(gunicorn, "--check-config", "-c", "config/gunicorn.py", "config.wsgi")
    assert checked.returncode == 0, checked.stderr


def test_ingest_worker_starts_with_its_views_loaded_and_frozen():
    started = _run(sys.executable, "-c", WORKER)
    assert started.returncode == 0, started.stderr
    frozen, views_loaded = started.stdout.split()
    assert views_loaded == "True"
    assert int(frozen) > 50_000  # Django, the apps and their views: out of the collector's walks
