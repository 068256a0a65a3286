import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("incidents")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def load_urlconf(**_kwargs: object) -> None:
    """Import every view and build the URL map at start (prefork children inherit it), so
    the first escalation sweep, whose pages link to their incident, does not pay for it."""
    import django
    from django.urls import reverse

    django.setup()
    reverse("incidents:detail", args=[1])
