from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from college.domain.errors import WorkflowError
from college.domain.reasons import unscheduled
from college.domain.versions.differences import diff
from college.domain.versions.timetables import publish
from college.management.lookup import find_timetable
from college.models import Timetable, TimetableStatus


class Command(BaseCommand):
    help = (
        "Publish a timetable version (its id, or TERM:VERSION); the term's published version is archived. "
        "Publishing an archived version rolls back to it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("timetable", help="timetable id, or TERM:VERSION such as longzhu-2026-autumn:2")

    def handle(self, *args: Any, timetable: str, **options: Any) -> None:
        chosen = find_timetable(timetable)
        before = Timetable.objects.filter(term=chosen.term, status=TimetableStatus.PUBLISHED).first()
        try:
            published = publish(chosen.pk, leaving_out=chosen.unplaced_keys)  # printed below
        except WorkflowError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Published {published.term}, version {published.version}."))
        if before is not None:
            change = diff(before.pk, published.pk)
            self.stdout.write(
                f"Archived version {before.version}. Compared with it: {len(change.moved)} sessions moved, "
                f"{len(change.added)} added, {len(change.removed)} removed; "
                f"{change.residents_touched} residents and {len(change.teachers_touched)} teachers touched."
            )
        for u in unscheduled(published.unplaced):  # the pages ask first; a command says it plainly
            self.stdout.write(self.style.WARNING(f"Not scheduled in this version: {u.text}. {u.reason.text}"))
