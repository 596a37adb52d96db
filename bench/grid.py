"""Print how fast the coordinators' week grid answers on a generated district, and a draft's move preview.

    DATABASE_URL=… python -m bench.grid [--seed N]

A throwaway test database (an SQLite file in a temporary folder by default, or one beside the PostgreSQL database
DATABASE_URL names) gets the district preset, its generator's witness timetable as the published version 1 and a
scored draft copy as version 2 (no solve: the grid's cost, not the solver's). Each page is fetched twice as a
district coordinator, the best counts; the peak memory of the process is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from college.domain.people.coordinators import make_coordinator
    from college.domain.problem.prepare import prepare
    from college.domain.versions.conflicts import session_assignments
    from college.models import Community, Session, Timetable
    from fixtures.generator import DISTRICT, generate_with_timetable
    from scheduler.verify import verify
    from tests.college.generated import load_with_witness

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup_test_environment()
    original = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-grid.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    rows = []
    try:
        published = load_with_witness(generate_with_timetable(seed=args.seed, **DISTRICT))
        term = published.term
        draft = Timetable.objects.create(term=term, version=2, status="draft", solver_status="feasible")
        for s in Session.objects.filter(timetable=published):
            s.pk, s.timetable = None, draft
            s.save()
        problem = prepare(term.pk, previous=published.pk).problem  # a saved draft carries its score
        sessions = list(Session.objects.filter(timetable=draft).select_related("group", "venue", "teacher"))
        report = verify(problem, session_assignments(sessions, problem)[0])
        Timetable.objects.filter(pk=draft.pk).update(objective=report.objective, penalties=dict(report.penalties))
        client = Client()
        client.force_login(make_coordinator("bench-grid")[0])
        one = Community.objects.order_by("name").first()
        s = sessions[0]
        urls = [
            f"/coordinate/timetables/{published.pk}/?community={one.pk}",
            f"/coordinate/timetables/{published.pk}/?community=",
            f"/coordinate/timetables/{draft.pk}/?community={one.pk}",
            f"/coordinate/timetables/{published.pk}/teachers/{s.teacher.key}/",
            f"/coordinate/timetables/{published.pk}/venues/{s.venue.key}/",
            f"/coordinate/sessions/{s.pk}/?panel=1",
            f"/coordinate/sessions/{s.pk}/?panel=1&weekday={(s.weekday + 1) % 7}&start={s.start}",
        ]
        for url in urls:
            best = float("inf")
            for _ in range(2):
                began = time.perf_counter()
                response = client.get(url)
                best = min(best, time.perf_counter() - began)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            rows.append((url, best * 1000, len(response.content) / 1024, response.status_code, peak))
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"database {connection.vendor}; {os.cpu_count()} cores, load average {load}; district seed {args.seed}")
    print(f"{'page':<78} {'ms':>7} {'KB':>6}  status  peak MB")
    for url, ms, kb, status, peak in rows:
        print(f"{url[:78]:<78} {ms:7.0f} {kb:6.0f}  {status}     {peak}")


if __name__ == "__main__":
    main()
