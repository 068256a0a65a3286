"""This app's entry in settings.DEFAULTS_LOADERS: with demo, a resolved history."""


def load_defaults(*, demo: bool) -> list[str]:
    return []
