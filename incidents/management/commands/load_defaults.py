from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load every app's shipped defaults (settings.DEFAULTS_LOADERS): severity policy, "
        "roles, access groups...; with --demo, a demo roster and login."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--demo", action="store_true", help="Create demo people, an on-call roster and a login."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for path in settings.DEFAULTS_LOADERS:
            for line in import_string(path)(demo=options["demo"]):
                self.stdout.write(line)
