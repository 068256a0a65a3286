from django.core.management.base import BaseCommand

from communications.bootstrap import load_comms_defaults, load_comms_demo
from escalation.bootstrap import demo_password, load_demo_roster
from incidents.bootstrap import load_roles, load_severity_policies, sync_groups


class Command(BaseCommand):
    help = (
        "Load the severity policy, roles and access groups; with --demo, a demo roster and login."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--demo", action="store_true", help="Create demo people, an on-call roster and a login."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        policies = load_severity_policies()
        roles = load_roles()
        sync_groups()
        load_comms_defaults()
        self.stdout.write(f"Severity policies created: {policies}; roles created: {roles}.")
        if options["demo"]:
            password = demo_password()
            load_demo_roster(password)
            load_comms_demo()
            self.stdout.write(self.style.SUCCESS("Demo roster loaded."))
            self.stdout.write(
                "Log in as  admin (commander, admin site)  or  ana (responder),  "
                "carla (commander),  diego (manager)"
            )
            self.stdout.write(self.style.SUCCESS(f"Password for all of them: {password}"))
