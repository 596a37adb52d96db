from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from college.domain.records.load import RecordsError, load_college

SIZES = {"communities": 1, "groups": 35, "venues": 20, "teachers": 25, "residents": 3000}  # one community


def whole_number(minimum: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Generate a seeded college of the given sizes and load it. The same seed gives the same college; "
        "a district: --communities 30 --groups 1000 --venues 600 --teachers 750 --residents 250000."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=whole_number(0), default=1, help="seed of the generator (default 1)")
        for name, default in SIZES.items():
            minimum = 1 if name == "communities" else 0
            parser.add_argument(f"--{name}", type=whole_number(minimum), default=default, help=f"default {default}")

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        from fixtures.generator import generate_college

        sizes = {name: options[name] for name in SIZES}
        began = time.perf_counter()
        try:
            records = generate_college(seed=seed, **sizes)
        except ValueError as error:
            raise CommandError(f"Cannot generate this college: {error}") from None
        generated = time.perf_counter() - began
        self.stdout.write(
            f"Generated {records.name} (seed {seed}) in {generated:.1f} s: "
            + ", ".join(f"{len(getattr(records, name))} {name}" for name in (*SIZES, "interests"))
        )
        try:
            report = load_college(records)
        except RecordsError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Loaded in {report.seconds:.1f} s"))
