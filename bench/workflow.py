"""Print what a coordinator waits for on the demo college: build, solve, save, publish, re-plan, diff.

    DATABASE_URL=… python -m bench.workflow [--time-limit 5] [--workers 2]

Works on a throwaway test database (an SQLite file in a temporary folder by default, or a test database
beside the PostgreSQL one DATABASE_URL names), created and dropped by the run. The solve goes through the
same job code as the workers (``start_solve`` + ``run_solve``), so the figures include progress writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (and district processes)")
    args = parser.parse_args()
    settings.SOLVER_WORKERS = args.workers

    original_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-workflow.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.time_limit)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def timed(label: str, fn, *args, **kwargs):  # noqa: ANN001, ANN201 - a tiny bench helper
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<32}{time.perf_counter() - began:7.2f} s")
    return result


def run(time_limit: float) -> None:
    from django.db import connection

    from college.domain.problem.data_check import data_check
    from college.domain.problem.prepare import build_problem
    from college.domain.records.load import load_college
    from college.domain.solving import run_solve, start_solve
    from college.domain.versions.differences import diff
    from college.domain.versions.replan import mark_teacher_unavailable
    from college.domain.versions.timetables import publish
    from college.models import Term, TimetableStatus
    from fixtures.demo import demo_college

    timed("load demo college", load_college, demo_college())
    term = Term.objects.get()
    problem = timed("build problem", build_problem, term.pk)
    print(f"{'':<32}{len(problem.groups)} groups, {problem.session_count} sessions, {len(problem.residents)} residents")
    findings = timed("data check", data_check, term.pk)
    print(f"{'':<32}{len(findings)} findings")
    job = timed(f"solve ({time_limit:g} s limit)", run_solve, start_solve(term.pk, time_limit=time_limit).pk)
    timetable = job.timetable
    t = timetable.timings
    print(
        f"{'':<32}{timetable.solver_status}, objective {timetable.objective:g}, bound {timetable.bound:g}, "
        f"gap {timetable.gap:.1%}; first timetable {t['first_solution'] or 0:.2f} s, solver total {t['total']:.2f} s"
    )
    timed("publish", publish, timetable.pk)
    busiest = timetable.sessions.values_list("teacher_id", "weekday").first()
    mark_teacher_unavailable(busiest[0], dt.date.today(), weekday=busiest[1])
    replanned = timed("re-plan (one teacher, one day)", run_solve, start_solve(term.pk, time_limit=time_limit).pk)
    change = timed("diff", diff, timetable.pk, replanned.timetable.pk)
    print(
        f"{'':<32}{len(change.moved)} moved, {len(change.added)} added, {len(change.removed)} removed, "
        f"{change.unchanged} unchanged; {change.residents_touched} residents touched"
    )
    assert replanned.timetable.status == TimetableStatus.DRAFT
    print(f"{'database':<32}{connection.vendor}")


if __name__ == "__main__":
    main()
