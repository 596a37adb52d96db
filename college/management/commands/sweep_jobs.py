"""``manage.py sweep_jobs``: fail the solve jobs whose worker stopped beating, whether or not anyone reads them.

Run it from cron (every minute is plenty: a job goes stale after ``SOLVE_STALE_SECONDS``)::

    * * * * *  cd /srv/kebiao && .venv/bin/python manage.py sweep_jobs

Workers also sweep every time they start a task (``college.tasks``); pages and the API sweep a term's jobs
when they read them. Silent when there is nothing to sweep (cron mails only news), unless ``-v 2``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from college.domain.solving import reap_stale_jobs


class Command(BaseCommand):
    help = "Mark solve jobs (and fanned-out parts) whose worker stopped responding as failed, freeing their terms."

    def handle(self, *args: Any, **options: Any) -> None:
        swept = reap_stale_jobs()
        if swept:
            self.stdout.write(f"Marked {swept} solve job(s) failed: their workers stopped responding.")
        elif options["verbosity"] >= 2:
            self.stdout.write("No stale solve jobs.")
