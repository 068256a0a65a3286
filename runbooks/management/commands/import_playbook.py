import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from runbooks.importer import import_playbook
from runbooks.playbook import PlaybookSyntaxError, load_playbook_file


class Command(BaseCommand):
    help = (
        "Create or update the runbook scenarios from a Markdown playbook. Idempotent; "
        "malformed input imports nothing and names the line."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "path", help="Markdown playbook, e.g. runbooks/defaults/playbook.pt-BR.md"
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing.")
        parser.add_argument(
            "--json", action="store_true", help="Print the parsed playbook as JSON."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            playbook = load_playbook_file(path)
        except PlaybookSyntaxError as error:
            raise CommandError(
                f"{path}: line {error.line_number}: expected {error.expected}, "
                f"found {error.found}. Nothing was imported."
            ) from error
        if playbook.repaired_encoding:
            # With --json, stdout is the JSON document alone: the notice goes to stderr.
            out = self.stderr if options["json"] else self.stdout
            out.write(
                f"{path}: repaired text damaged as {playbook.repaired_encoding} "
                "(UTF-8 read as that encoding and saved again)."
            )
        if options["json"]:
            self.stdout.write(json.dumps(playbook.to_json_dict(), ensure_ascii=False, indent=2))
        if options["dry_run"]:
            if not options["json"]:
                self.stdout.write(
                    f"Dry run: {len(playbook.scenarios)} scenarios parsed, nothing written."
                )
            return
        report = import_playbook(playbook, source=str(options["path"]))
        if options["json"]:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.scenarios} scenarios from {path} "
                f"({report.scenarios_created} new, {report.scenarios_updated} changed, "
                f"{report.scenarios_unchanged} unchanged); "
                f"steps: {report.steps_created} new, {report.steps_updated} changed, "
                f"{report.steps_removed} removed, {report.steps_retired} kept for history; "
                f"{report.rules} escalation rules."
            )
        )
        if report.services_created:
            self.stdout.write(
                "Service catalogue entries created (edit their base URL in the admin): "
                + ", ".join(report.services_created)
            )
