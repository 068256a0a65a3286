from tests.notifications.conftest import providers  # noqa: F401  (the local providers)
