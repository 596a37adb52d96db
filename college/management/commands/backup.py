from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from college.domain.backup import backup_json


class Command(BaseCommand):
    help = "Write the whole college (records, versions, feed state, token hashes, coordinators) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the backup (.json)")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        with open(file, "w", encoding="utf-8") as out:
            out.write(backup_json())
        self.stdout.write(self.style.SUCCESS(f"Backed up to {file}."))
