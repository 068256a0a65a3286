"""bench/ingest.py's server settings: the project's, with bench/ingest_urls.py as URLconf."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "ingest_urls"
