from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from college.domain.imports.fet import FetImportError, import_fet
from college.models import Term


class Command(BaseCommand):
    help = (
        "Import a FET file (teachers, students sets, activities, rooms and their constraints) for a term. "
        "Constraints Kebiao does not support stop the import unless --drop-unsupported is given; "
        "nothing is written when the import stops."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .fet file")
        parser.add_argument("--term", required=True, help="the term's key or id")
        parser.add_argument(
            "--drop-unsupported", action="store_true", help="import without the constraints Kebiao cannot honour"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["term"]
        term = Term.objects.filter(key=wanted).first()
        if term is None and wanted.isdigit():
            term = Term.objects.filter(pk=int(wanted)).first()
        if term is None:
            raise CommandError(f"no term with key or id {wanted!r}")
        try:
            report = import_fet(options["file"], term.pk, drop_unsupported=options["drop_unsupported"])
        except FetImportError as exc:
            if exc.report is not None:
                for line in exc.report.lines()[1:]:
                    self.stderr.write(line)
            raise CommandError(str(exc)) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Imported into term {term.name}; its slot grid is now the file's hours."))
