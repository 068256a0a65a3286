"""This app's entry in settings.DEFAULTS_LOADERS: with demo, a resolved history."""

from .demo import load_demo_history


def load_defaults(*, demo: bool) -> list[str]:
    return load_demo_history() if demo else []
