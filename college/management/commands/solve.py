from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from college.domain.errors import WorkflowError
from college.domain.problem.data_check import data_check
from college.domain.problem.prepare import AUTO
from college.domain.reasons import findings, unscheduled
from college.domain.solving import refresh_job, run_solve, start_solve, stop_solve
from college.domain.versions.timetables import publish
from college.management.lookup import find_term
from college.models import JobStatus, SolveJob
from scheduler.solution import Progress

BAR = 30
FOLLOW_EVERY = 0.5  # seconds between two looks at a job solved by the workers
WORKER_HINT_AFTER = 10.0  # seconds queued before saying that no worker seems to be running
WORKER_HINT = (
    "Still queued: is a worker running? Start `manage.py db_worker` (TASKS_BACKEND=database) or "
    "`manage.py rqworker default --job-class django_tasks_rq.Job` (TASKS_BACKEND=rq). Ctrl-C stops the solve."
)


class Command(BaseCommand):
    help = (
        "Solve a term's weekly timetable and save it as a new draft version, with a progress bar. "
        "The term is its key or id. By default the solve runs here; --background hands it to the workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("term", help="the term's key (e.g. longzhu-2026-autumn) or id")
        parser.add_argument("--time-limit", type=float, default=None, help="seconds (default: SOLVE_TIME_LIMIT)")
        parser.add_argument("--afresh", action="store_true", help="ignore the published version and its pins")
        parser.add_argument(
            "--background", action="store_true", help="queue the solve for the workers and follow its progress"
        )
        parser.add_argument(
            "--fan-out",
            action="store_true",
            default=None,
            help="with --background: run a district's block solves on separate workers",
        )
        parser.add_argument("--publish", action="store_true", help="publish the new version when the solve succeeds")

    def handle(self, *args: Any, **options: Any) -> None:
        term = find_term(options["term"])
        for finding in data_check(term.pk):
            self.stdout.write(self.style.WARNING(f"Data check: {finding.text}"))
        self.started = time.perf_counter()
        self.shown = 0.0
        try:
            job = start_solve(
                term.pk,
                time_limit=options["time_limit"],
                previous=None if options["afresh"] else AUTO,
                fan_out=options["fan_out"] if options["background"] else False,
                enqueue=options["background"],
            )
        except WorkflowError as error:
            raise CommandError(str(error)) from None
        self.limit = job.time_limit
        self.stdout.write(f"Solving {term} (job {job.pk}, at most {job.time_limit:g} s) …")
        try:
            job = self.follow(job) if options["background"] else run_solve(job.pk, on_progress=self.progress)
        except KeyboardInterrupt:
            stop_solve(job.pk)
            raise CommandError(f"Interrupted: job {job.pk} was asked to stop.") from None
        self.end_line()
        self.report(job, publish_it=options["publish"])

    def progress(self, p: Progress) -> None:
        now = time.perf_counter()
        if now - self.shown >= 0.2:
            self.shown = now
            self.draw(p.elapsed, p.objective if p.objective >= 0 else None, p.bound)

    def follow(self, job: SolveJob) -> SolveJob:
        hinted = False
        while job.active:
            time.sleep(FOLLOW_EVERY)
            job = refresh_job(job.pk)
            if job.status == JobStatus.QUEUED and not hinted and time.perf_counter() - self.started > WORKER_HINT_AFTER:
                hinted = True
                self.stdout.write(self.style.WARNING(WORKER_HINT))
            if job.objective is not None or job.status == JobStatus.RUNNING:
                self.draw(job.elapsed, job.objective, job.bound)
        return job

    def draw(self, elapsed: float, objective: float | None, bound: float | None) -> None:
        done = min(1.0, elapsed / self.limit) if self.limit else 1.0
        bar = "#" * round(done * BAR) + "." * (BAR - round(done * BAR))
        figures = ""
        if objective is not None:
            figures += f"  objective {objective:g}"
        if bound is not None:
            figures += f"  bound {bound:g}"
        if objective is not None and bound is not None:
            figures += f"  gap {max(0.0, objective - bound) / max(1.0, abs(objective)):.1%}"
        line = f"[{bar}] {elapsed:5.1f} s{figures}"
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}\033[K", ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)

    def end_line(self) -> None:
        if self.stdout.isatty():
            self.stdout.write("")

    def report(self, job: SolveJob, *, publish_it: bool) -> None:
        if job.status in (JobStatus.DONE, JobStatus.STOPPED) and job.timetable is not None:
            timetable = job.timetable
            gap = "" if timetable.gap is None else f", gap {timetable.gap:.1%}"
            if gap and job.bound_method:  # the term's bound worked out in the background beat the solve's own
                gap += f" (to the background bound, {job.bound_method})"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Saved version {timetable.version} (timetable {timetable.pk}): {timetable.sessions.count()} "
                    f"sessions, objective {timetable.objective:g}{gap}, {job.elapsed:.1f} s, {timetable.solver_status}."
                )
            )
            for u in unscheduled(timetable.unplaced):
                self.stdout.write(self.style.WARNING(f"Not scheduled: {u.text}. {u.reason.text}"))
            if publish_it:
                publish(timetable.pk, leaving_out=timetable.unplaced_keys)  # printed above
                self.stdout.write(self.style.SUCCESS(f"Published version {timetable.version}."))
            return
        for finding in findings(job.explanation):
            self.stderr.write(f"- {finding.text}")
        raise CommandError(f"No timetable ({job.get_status_display()}): {job.message}")
