from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from college.domain.backup import restore
from college.domain.errors import WorkflowError


class Command(BaseCommand):
    help = "Restore a backup (manage.py backup) into an empty database, after manage.py migrate."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup written by manage.py backup")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            restore(file)
        except WorkflowError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {file}."))
