"""python manage.py create_integration NAME --kind {alertmanager,grafana,events} [--json]"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alerts.models import IntegrationKind
from alerts.services.integrations import IntegrationError, integration_create


class Command(BaseCommand):
    help = "Create an alert integration and print its token (shown this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--kind", required=True, choices=IntegrationKind.values)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            integration, token = integration_create(name=options["name"], kind=options["kind"])
        except IntegrationError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "id": integration.pk,
                        "name": integration.name,
                        "kind": integration.kind,
                        "url": integration.endpoint_path,
                        "token": token,
                    }
                )
            )
            return
        self.stdout.write(f"Integration {integration.name} ({integration.kind}) created.")
        self.stdout.write(f"  URL:   {integration.endpoint_path}")
        self.stdout.write(f"  Token: {token}   (shown once; rotate it on the integration page)")
