from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from college.domain.calendar.holidays import coverage_warning
from college.domain.records.load import load_college


class Command(BaseCommand):
    help = "Load the demo college (龙竹社区学院) from fixtures/demo.py. Loading it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        from fixtures.demo import demo_college

        records = demo_college()
        report = load_college(records)
        for line in report.lines():
            self.stdout.write(line)
        verb = "Loaded" if report.changed else "Already up to date:"
        self.stdout.write(self.style.SUCCESS(f"{verb} {records.name} in {report.seconds:.2f} s"))
        for term in records.terms:
            warning = coverage_warning(term.first_day, term.last_day)
            if warning:
                self.stdout.write(self.style.WARNING(f"{term.name}: {warning}"))
