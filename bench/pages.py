"""Print how fast every page answers on a generated college: the coordinators' desk and the residents' pages.

    DATABASE_URL=… python -m bench.pages [--size community|district] [--seed N] [--time-limit S] [--repeat R]

Works on a throwaway test database (an SQLite file in a temporary folder by default, or a test database beside
the PostgreSQL one DATABASE_URL names), created and dropped by the run. The college is generated and loaded with
``manage.py generate_college``, solved and published with ``manage.py solve --publish``, then each page is fetched
through Django's test client (best of R, after one warm-up fetch) as a district coordinator or as the public.
Prints each page's time and size (and the warm-up's time: the first view after a change fills the caches) and
ends with ``pages: slowest P ms (URL), largest K KB`` and the same for the public pages alone.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    url: str
    public: bool
    ms: float
    kb: float
    status: int
    first_ms: float  # the first fetch: templates compiled, caches (the data check, the conflict check) filled


def measure(client: object, url: str, *, public: bool, repeat: int) -> Measured:
    print(f"measuring {url}", flush=True)
    began = time.perf_counter()
    client.get(url)  # type: ignore[attr-defined]  # warm-up: templates compiled, caches filled as in production
    first = time.perf_counter() - began
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        best = min(best, time.perf_counter() - began)
    return Measured(url, public, best * 1000, len(response.content) / 1024, response.status_code, first * 1000)


def page_urls() -> tuple[list[str], list[str]]:
    """The coordinators' pages and the public pages of the published timetable (one of each kind of entity)."""
    from college.models import Community, InterestGroup, Resident, Teacher, Timetable, TimetableStatus

    published = Timetable.objects.select_related("term").get(status=TimetableStatus.PUBLISHED)
    session = published.sessions.select_related("group", "venue", "teacher").order_by("pk").first()
    community = Community.objects.order_by("pk").first()
    coordinator: list[str] = [
        "/coordinate/",
        f"/coordinate/terms/{published.term.key}/",
        f"/coordinate/timetables/{published.pk}/",  # a term of many communities: a redirect to the first one
        f"/coordinate/timetables/{published.pk}/?community={community.pk}",
        f"/coordinate/timetables/{published.pk}/?community=",  # every community at once
        f"/coordinate/sessions/{session.pk}/?panel=1",
        f"/coordinate/timetables/{published.pk}/venues/",
        f"/coordinate/timetables/{published.pk}/venues/{session.venue.key}/",
        f"/coordinate/timetables/{published.pk}/teachers/",
        f"/coordinate/timetables/{published.pk}/teachers/{session.teacher.key}/",
    ]
    resident = Resident.objects.filter(interests__group=session.group).order_by("pk").first()
    teacher = Teacher.objects.get(pk=session.teacher_id)
    group = InterestGroup.objects.get(pk=session.group_id)
    public = [
        "/groups/",
        f"/groups/?community={community.key}",
        f"/groups/{group.key}/",
        f"/communities/{community.key}/poster/",
        "/my/",
        f"/my/?community={community.key}",
        f"/my/{resident.rotate_feed_token()}/",
        f"/teacher/{teacher.rotate_feed_token()}/",
        f"/feeds/community/{community.key}.ics",
    ]
    return coordinator, public


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from college.domain.people.coordinators import make_coordinator
    from college.models import Term
    from fixtures.generator import PRESETS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(PRESETS), default="district")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for the solve (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="fetches per page, the best counts (default 3)")
    args = parser.parse_args()

    setup_test_environment()  # ALLOWED_HOSTS admits the test client's host
    original_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test default
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-pages.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        began = time.perf_counter()
        call_command("generate_college", seed=args.seed, **PRESETS[args.size], stdout=io.StringIO())
        loaded = time.perf_counter() - began
        print(f"generated and loaded in {loaded:.1f} s", flush=True)
        term = Term.objects.get()
        began = time.perf_counter()
        call_command("solve", term.key, time_limit=args.time_limit, publish=True, stdout=io.StringIO())
        solved = time.perf_counter() - began
        print(f"solved and published in {solved:.1f} s", flush=True)
        coordinator_urls, public_urls = page_urls()
        staff = Client()
        staff.force_login(make_coordinator("bench-district")[0])  # a district coordinator: every community
        rows = [measure(staff, url, public=False, repeat=args.repeat) for url in coordinator_urls]
        rows += [measure(Client(), url, public=True, repeat=args.repeat) for url in public_urls]
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"database        {connection.vendor}; {os.cpu_count()} cores, load average {load}")
    print(f"college         {args.size}, seed {args.seed}: generated and loaded in {loaded:.1f} s")
    print(f"solve + publish {solved:.1f} s (time limit {args.time_limit:g} s)")
    print(f"{'page':<70} {'ms':>8} {'KB':>8}  status  (first fetch ms)")
    for row in rows:
        public = "  public" if row.public else ""
        print(f"{row.url[:70]:<70} {row.ms:8.0f} {row.kb:8.0f}  {row.status}  ({row.first_ms:.0f}){public}")
    for label, chosen in (("pages", rows), ("public pages", [r for r in rows if r.public])):
        slowest = max(chosen, key=lambda r: r.ms)
        largest = max(chosen, key=lambda r: r.kb)
        print(f"{label}: slowest {slowest.ms:.0f} ms ({slowest.url}), largest {largest.kb:.0f} KB ({largest.url})")


if __name__ == "__main__":
    main()
