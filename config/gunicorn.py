"""gunicorn's settings for the web process (`gunicorn -c config/gunicorn.py config.wsgi`);
the command line adds the bind address and whatever else differs per deployment."""

import gc


def post_worker_init(worker: object) -> None:
    """Load what Django otherwise loads on the first request (the URLconf, and through it
    every view module), then move all of it out of the garbage collector's sight.

    A worker holds some hundred thousand long-lived objects (modules, classes, settings,
    URL patterns). Left in the collected generations, every full collection walks them
    all, and a request that allocates much (an alert opening an incident builds a dozen
    rows) triggers such collections often: a cost that grows with the code base, not
    with the work. Frozen, the collector only looks at what requests allocate."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imported for its side effect)
    gc.collect()
    gc.freeze()
