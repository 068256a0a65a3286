import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from runbooks.importer import ImportRefused, ImportReport, import_playbook
from runbooks.playbook import ParsedPlaybook, PlaybookSyntaxError, load_playbook_file


def _read(path: Path) -> ParsedPlaybook:
    """Parse the file; any input it cannot read ends in 'line N: ...', never a traceback."""
    try:
        return load_playbook_file(path)
    except PlaybookSyntaxError as error:
        raise CommandError(
            f"{path}: line {error.line_number}: expected {error.expected}, "
            f"found {error.found}. Nothing was imported."
        ) from error
    except (RecursionError, MemoryError, ValueError, OSError) as error:
        raise CommandError(
            f"{path}: line 1: cannot read this file ({type(error).__name__}). Nothing was imported."
        ) from error


class Command(BaseCommand):
    help = (
        "Create or update the runbook scenarios (and the severity table, roles and message "
        "templates the playbook states) from a Markdown playbook. Idempotent; malformed "
        "input imports nothing and names the line; nothing is removed without --prune."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "path", help="Markdown playbook, e.g. runbooks/defaults/playbook.pt-BR.md"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; say what would change (and what would be removed).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the parsed playbook as JSON."
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Remove the steps, rules and scenarios the playbook no longer has.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        playbook = _read(path)
        # With --json, stdout is the JSON document alone: notices go to stderr.
        notices = self.stderr if options["json"] else self.stdout
        if playbook.repaired_encoding:
            notices.write(
                f"{path}: repaired text damaged as {playbook.repaired_encoding} "
                "(UTF-8 read as that encoding and saved again)."
            )
        for line, text in playbook.unparsed:
            notices.write(f"{path}: line {line}: not understood, left out: {text}")
        report = self._import(playbook, options)
        if options["json"]:
            data = playbook.to_json_dict()
            if report is not None:
                data["changes"] = report.changes
                data["removals"] = report.removals
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if report is not None:
            self._summary(path, report, dry_run=options["dry_run"])

    def _import(self, playbook: ParsedPlaybook, options: dict) -> ImportReport | None:  # type: ignore[type-arg]
        source = str(options["path"])
        try:
            return import_playbook(
                playbook, source=source, prune=options["prune"], dry_run=options["dry_run"]
            )
        except ImportRefused as refused:
            lines = "\n".join(f"  - {item}" for item in refused.removals)
            raise CommandError(
                f"{source}: this import would remove:\n{lines}\n"
                "Nothing was imported. Pass --prune to remove them."
            ) from refused
        except DatabaseError as error:
            if options["dry_run"]:
                self.stderr.write(f"No database to compare with ({error}); parsed only.")
                return None
            raise CommandError(f"{source}: the database refused the import: {error}") from error

    def _summary(self, path: Path, report: ImportReport, *, dry_run: bool) -> None:
        out = self.stdout
        if dry_run:
            out.write(f"Dry run: {report.scenarios} scenarios parsed, nothing written.")
        for line in report.changes:
            out.write(f"{'would change' if dry_run else 'changed'}: {line}")
        for line in report.removals:
            out.write(f"{'would remove' if dry_run else 'removed'}: {line}")
        for line in report.kept_scenarios:
            out.write(f"not in this playbook, kept (use --prune to remove): {line}")
        if dry_run:
            return
        out.write(
            self.style.SUCCESS(
                f"Imported {report.scenarios} scenarios from {path} "
                f"({report.scenarios_created} new, {report.scenarios_updated} changed, "
                f"{report.scenarios_unchanged} unchanged); "
                f"steps: {report.steps_created} new, {report.steps_updated} changed, "
                f"{report.steps_removed} removed, {report.steps_retired} kept for history; "
                f"{report.rules} escalation rules."
            )
        )
        if report.translations:
            out.write(
                f"{report.translations} scenarios already imported in another language: "
                "this playbook's wording is stored as their translation, shown to its viewers."
            )
        if report.services_created:
            out.write(
                "Service catalogue entries created (edit their base URL in the admin): "
                + ", ".join(report.services_created)
            )
