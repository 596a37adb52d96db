from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from college.domain.coordinators import make_coordinator

DEMO_USER = "demo"


class Command(BaseCommand):
    help = (
        "Run the demo: migrate the database, load the demo college, create the demo coordinator login, "
        "then serve on 127.0.0.1:8000 (static files included, DEBUG stays off)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve (default 127.0.0.1:8000)")
        parser.add_argument("--no-serve", action="store_true", help="prepare everything but do not start the server")

    def handle(self, *args: Any, addrport: str, no_serve: bool, **options: Any) -> None:
        self.stdout.write("1/4 Migrating the database …")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("2/4 Loading the demo college …")
        call_command("load_demo", stdout=self.stdout)
        self.stdout.write("3/4 Solving and publishing the timetable …")
        self.solve_and_publish()
        _, password = make_coordinator(DEMO_USER)
        self.stdout.write("4/4 Ready.")
        self.stdout.write(
            self.style.SUCCESS(f"Coordinator login: username {DEMO_USER}  password {password}")
            + f"\nAdmin (the whole college, editable): http://{addrport}/admin/"
        )
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False, insecure_serving=True)

    def solve_and_publish(self) -> None:
        """Issue 4 fills this step: solve the demo term and publish the timetable."""
        self.stdout.write("    (the solver is not wired in yet: no timetable is published)")
