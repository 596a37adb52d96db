from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from college.domain.people.coordinators import make_coordinator
from college.models import Term, Timetable, TimetableStatus
from college.task_backends import start_embedded_worker

DEMO_USER = "demo"
DEMO_SOLVE_SECONDS = 5  # the demo college reaches a good timetable in about a second


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
            + f"\nCoordinator dashboard: http://{addrport}/coordinate/   Public catalogue: http://{addrport}/groups/"
        )
        if not no_serve:
            if settings.TASKS_BACKEND == "database":
                start_embedded_worker()  # runs the solves started from the pages while the demo serves
            call_command("runserver", addrport, use_reloader=False, insecure_serving=True)

    def solve_and_publish(self) -> None:
        """Solve the demo term and publish the result, unless a version is already published."""
        from fixtures.demo import TERM

        term = Term.objects.get(key=TERM.key)
        published = Timetable.objects.filter(term=term, status=TimetableStatus.PUBLISHED).first()
        if published is not None:
            self.stdout.write(f"    {term} already has a published timetable (version {published.version}).")
            return
        try:
            call_command("solve", term.key, time_limit=DEMO_SOLVE_SECONDS, publish=True, stdout=self.stdout)
        except CommandError as error:
            self.stdout.write(self.style.WARNING(f"    The demo term was not solved: {error}"))
