"""Print how fast every page answers on a generated college: every route a coordinator or a resident can open.

    DATABASE_URL=… python -m bench.pages [--size community|district] [--seed N] [--time-limit S] [--repeat R]
                                         [--keep FILE]

Works on a throwaway test database (an SQLite file in a temporary folder by default, or a test database beside
the PostgreSQL one DATABASE_URL names), created and dropped by the run; ``--keep FILE`` (SQLite) keeps the college
in FILE and reuses it on the next run (migrated first), to measure a change without building the district again. The
college is generated and loaded with ``manage.py generate_college``, solved and published with ``manage.py solve
--publish``, solved again as a draft, one of the draft's sessions moved (as a coordinator would before publishing),
and a proposal run (接单) made. Then every named route of the URL conf outside the admin and the API (plus the admin's
import-and-export page and the downloads it links to) is opened with GET, with arguments taken from that college,
as a district coordinator or as the public; a route the bench cannot build arguments for, or a page that does not
answer 200 (or a redirect), is an error. A route that refuses GET (405) is an action, not a page, and is listed as such.
Prints each page's time and size (best of R after a first fetch, and the first fetch's time: the first view after a
change fills the caches; a download is fetched once) and ends with ``pages: slowest P ms (URL), largest K KB`` and the
same for the public pages and the downloads.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

COORDINATOR, PUBLIC, DOWNLOAD = "coordinator", "public", "download"


@dataclass(frozen=True)
class Measured:
    url: str
    who: str
    ms: float
    kb: float
    status: int
    first_ms: float  # the first fetch: templates compiled, caches (the data check, the conflict check) filled


def measure(client: Any, url: str, *, who: str, repeat: int) -> Measured:
    print(f"measuring {url}", flush=True)
    began = time.perf_counter()
    response = client.get(url)  # warm-up: templates compiled, caches filled as in production
    first = time.perf_counter() - began
    if response.status_code == 405:
        return Measured(url, who, 0.0, 0.0, 405, first * 1000)
    best = first if who == DOWNLOAD else float("inf")
    for _ in range(0 if who == DOWNLOAD else repeat):  # a download is fetched once: it is not kept for a page
        began = time.perf_counter()
        response = client.get(url)
        best = min(best, time.perf_counter() - began)
    size = len(response.getvalue() if response.streaming else response.content)
    return Measured(url, who, best * 1000, size / 1024, response.status_code, first * 1000)


def routes() -> Iterator[str]:
    """Every named route a coordinator or a resident can reach: the URL conf outside the admin and the API."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns: list[Any], namespace: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace not in ("admin", "api"):
                    yield from walk(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""))
            elif p.name:
                yield namespace + p.name

    yield from walk(get_resolver().url_patterns, "")


@dataclass(frozen=True)
class College:
    """The ids and keys the bench opens pages with, taken from the generated college."""

    term: Any
    published: Any
    draft: Any
    session: Any  # a session of the draft (one of them was moved)
    community: Any
    group: Any
    venue: Any
    teacher: Any
    resident: Any
    resident_token: str
    teacher_token: str
    job: Any
    run: Any
    proposal: Any


def open_as(college: College) -> dict[str, list[tuple[str, str]]]:
    """Route name → the (who, URL) it is opened as; a route of the URL conf missing here stops the bench."""
    from django.urls import reverse

    c = college
    v1, v2, key = c.published.pk, c.draft.pk, c.term.key
    coord: Callable[..., tuple[str, str]] = lambda name, *a, q="": (COORDINATOR, reverse(name, args=a) + q)  # noqa: E731
    public: Callable[..., tuple[str, str]] = lambda name, *a, q="": (PUBLIC, reverse(name, args=a) + q)  # noqa: E731
    return {
        "college_imports": [coord("college_imports")],
        "feeds:feed": [
            public("feeds:feed", "community", c.community.key),
            public("feeds:feed", "group", c.group.key),
            public("feeds:feed", "venue", c.venue.key),
            public("feeds:feed", "resident", c.resident_token),
            public("feeds:feed", "teacher", c.teacher_token),
        ],
        "set_language": [public("set_language")],
        "pages:home": [public("pages:home")],
        "pages:catalogue": [public("pages:catalogue"), public("pages:catalogue", q=f"?community={c.community.key}")],
        "pages:group": [public("pages:group", c.group.key)],
        "pages:poster": [public("pages:poster", c.community.key)],
        "pages:survey": [public("pages:survey")],
        "pages:personal_new": [
            public("pages:personal_new"),
            public("pages:personal_new", q=f"?community={c.community.key}"),
        ],
        "pages:personal": [public("pages:personal", c.resident_token)],
        "pages:personal_picks": [public("pages:personal_picks", c.resident_token)],
        "pages:personal_survey": [public("pages:personal_survey", c.resident_token)],
        "pages:personal_new_link": [public("pages:personal_new_link", c.resident_token)],
        "pages:teacher": [public("pages:teacher", c.teacher_token)],
        "pages:teacher_answer": [public("pages:teacher_answer", c.teacher_token, c.proposal.pk)],
        "pages:login": [public("pages:login")],
        "pages:logout": [coord("pages:logout")],
        "pages:coordinate": [coord("pages:coordinate")],
        "pages:paper_survey": [coord("pages:paper_survey")],
        "pages:paper_survey_of": [coord("pages:paper_survey_of", c.resident.key)],
        "pages:dashboard": [coord("pages:dashboard", key)],
        "pages:solve": [coord("pages:solve", key)],
        "pages:proposals": [coord("pages:proposals", key)],
        "pages:proposals_start": [coord("pages:proposals_start", key)],
        "pages:proposals_progress": [coord("pages:proposals_progress", c.run.pk)],
        "pages:proposals_stop": [coord("pages:proposals_stop", c.run.pk)],
        "pages:proposal_accept": [coord("pages:proposal_accept", c.proposal.pk)],
        "pages:proposal_decline": [coord("pages:proposal_decline", c.proposal.pk)],
        "pages:proposal_register": [coord("pages:proposal_register", c.proposal.pk)],
        "pages:job_progress": [coord("pages:job_progress", c.job.pk)],
        "pages:job_stop": [coord("pages:job_stop", c.job.pk)],
        "pages:publish": [coord("pages:publish", v2)],
        "pages:diff": [coord("pages:diff", v1, v2)],
        "pages:week": [
            coord("pages:week", v1),  # a term of many communities: a redirect to the first one
            coord("pages:week", v1, q=f"?community={c.community.pk}"),
            coord("pages:week", v1, q="?community="),  # every community at once
            coord("pages:week", v2, q=f"?community={c.community.pk}"),
        ],
        "pages:demand": [coord("pages:demand", v1), coord("pages:demand", v2)],
        "pages:utilisation": [coord("pages:utilisation", v1)],
        "pages:venue_week": [coord("pages:venue_week", v1, c.venue.key)],
        "pages:teachers": [coord("pages:teachers", v1)],
        "pages:teacher_week": [coord("pages:teacher_week", v1, c.teacher.key)],
        "pages:teacher_link": [coord("pages:teacher_link", c.teacher.key)],
        "pages:session": [coord("pages:session", c.session.pk), coord("pages:session", c.session.pk, q="?panel=1")],
        "pages:session_pin": [coord("pages:session_pin", c.session.pk)],
        "pages:session_date": [coord("pages:session_date", c.session.pk)],
        "pages:session_move": [coord("pages:session_move", c.session.pk)],
    }


def downloads(html: str) -> list[tuple[str, str]]:
    """The downloads the import-and-export page links to, one of each kind (the per-community exports alike)."""
    seen: dict[str, str] = {}
    for href in re.findall(r'href="(/api/v1/[^"]+)"', html):
        href = href.replace("&amp;", "&")
        seen.setdefault(re.sub(r"=\d+", "=N", href), href)
    return [(DOWNLOAD, href) for href in seen.values()]


def build(args: argparse.Namespace) -> None:
    """Generate the college, publish a solve, make a draft with one session moved and a proposal run."""
    from django.core.management import call_command

    from college.domain.people.coordinators import make_coordinator
    from college.domain.proposals.runs import run, start_run
    from college.models import Term
    from fixtures.generator import PRESETS

    began = time.perf_counter()
    call_command("generate_college", seed=args.seed, **PRESETS[args.size], stdout=io.StringIO())
    print(f"generated and loaded in {time.perf_counter() - began:.1f} s", flush=True)
    term = Term.objects.get()
    began = time.perf_counter()
    call_command("solve", term.key, time_limit=args.time_limit, publish=True, stdout=io.StringIO())
    print(f"solved and published in {time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    call_command("solve", term.key, time_limit=min(10.0, args.time_limit), stdout=io.StringIO())
    move_one_session(term)
    print(f"a draft solved and one of its sessions moved in {time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    staff = make_coordinator("bench-district")[0]
    run(start_run(term.pk, staff, openings=5, time_limit=10, enqueue=False).pk)
    print(f"a proposal run in {time.perf_counter() - began:.1f} s", flush=True)


def move_one_session(term: Any) -> None:
    """Move a session of the newest draft to another time of its day where no hard rule breaks."""
    from college.domain.versions.moves import Move, preview_move, save_move
    from college.models import Session, TimetableStatus

    draft = term.timetables.filter(status=TimetableStatus.DRAFT).order_by("-version").first()
    starts = sorted(set(Session.objects.filter(timetable=draft).values_list("start", flat=True)))
    for session in Session.objects.filter(timetable=draft, pinned=False).order_by("pk")[:20]:
        for start in starts:
            move = Move(session.pk, session.weekday, start)
            if start != session.start and preview_move(move).allowed:
                save_move(move)
                return
    raise SystemExit("bench.pages: no session of the draft could move without breaking a hard rule")


def the_college() -> College:
    from college.domain.people.coordinators import make_coordinator
    from college.models import (
        Community,
        InterestGroup,
        Proposal,
        ProposalJob,
        Resident,
        SolveJob,
        Teacher,
        Term,
        Timetable,
        TimetableStatus,
    )

    term = Term.objects.get()
    published = Timetable.objects.get(term=term, status=TimetableStatus.PUBLISHED)
    draft = Timetable.objects.filter(term=term, status=TimetableStatus.DRAFT).order_by("-version").first()
    session = published.sessions.select_related("group", "venue", "teacher").order_by("pk").first()
    resident = Resident.objects.filter(interests__group=session.group).order_by("pk").first()
    make_coordinator("bench-district")
    run = ProposalJob.objects.filter(term=term).order_by("-pk").first()
    return College(
        term=term,
        published=published,
        draft=draft,
        session=draft.sessions.order_by("pk").first(),
        community=Community.objects.get(pk=session.group.community_id),
        group=InterestGroup.objects.get(pk=session.group_id),
        venue=session.venue,
        teacher=Teacher.objects.get(pk=session.teacher_id),
        resident=resident,
        resident_token=resident.rotate_feed_token(),
        teacher_token=Teacher.objects.get(pk=session.teacher_id).rotate_feed_token(),
        job=SolveJob.objects.filter(term=term).order_by("-pk").first(),
        run=run,
        proposal=Proposal.objects.filter(job=run).order_by("pk").first(),
    )


def fetch_all(college: College, repeat: int) -> list[Measured]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    staff = Client()
    staff.force_login(get_user_model().objects.get(username="bench-district"))  # a district coordinator
    clients = {COORDINATOR: staff, PUBLIC: Client(), DOWNLOAD: staff}
    table = open_as(college)
    unknown = [name for name in routes() if name not in table]
    if unknown:
        raise SystemExit(f"bench.pages does not know how to open: {', '.join(unknown)} (add them to open_as)")
    rows: list[Measured] = []
    for name in routes():
        for who, url in table[name]:
            rows.append(measure(clients[who], url, who=who, repeat=repeat))
            if name == "college_imports":
                html = staff.get(url).content.decode()
                rows += [measure(staff, link, who=DOWNLOAD, repeat=repeat) for _, link in downloads(html)]
    return rows


def report(rows: list[Measured]) -> None:
    from django.db import connection

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"database        {connection.vendor}; {os.cpu_count()} cores, load average {load}")
    print(f"{'page':<78} {'ms':>7} {'KB':>7}  status  (first fetch ms)")
    for row in rows:
        who = "" if row.who == COORDINATOR else f"  {row.who}"
        if row.status == 405:
            print(f"{row.url[:78]:<78} {'':>7} {'':>7}  405     an action (POST only){who}")
        else:
            print(f"{row.url[:78]:<78} {row.ms:7.0f} {row.kb:7.0f}  {row.status}     ({row.first_ms:.0f}){who}")
    pages = [r for r in rows if r.status != 405]
    failed = [r for r in pages if r.status not in (200, 302)]
    for label, chosen in (
        ("pages", [r for r in pages if r.who != DOWNLOAD]),
        ("public pages", [r for r in pages if r.who == PUBLIC]),
        ("downloads", [r for r in pages if r.who == DOWNLOAD]),
    ):
        if chosen:
            slowest, largest = max(chosen, key=lambda r: r.ms), max(chosen, key=lambda r: r.kb)
            first = max(chosen, key=lambda r: r.first_ms)
            print(
                f"{label}: slowest {slowest.ms:.0f} ms ({slowest.url}), largest {largest.kb:.0f} KB ({largest.url}); "
                f"slowest first fetch {first.first_ms:.0f} ms ({first.url})"
            )
    if failed:
        raise SystemExit("bench.pages: these pages did not open: " + ", ".join(f"{r.url} ({r.status})" for r in failed))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from college.models import Term
    from fixtures.generator import PRESETS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(PRESETS), default="district")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for the solve (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="fetches per page, the best counts (default 3)")
    parser.add_argument("--keep", metavar="FILE", help="SQLite: keep the college in FILE and reuse it when present")
    args = parser.parse_args()
    if args.keep and connection.vendor != "sqlite":
        parser.error("--keep works on SQLite only")

    setup_test_environment()  # ALLOWED_HOSTS admits the test client's host
    original_name = connection.settings_dict["NAME"]
    if args.keep:
        connection.settings_dict["NAME"] = os.path.abspath(args.keep)
        fresh = not os.path.exists(args.keep)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a college kept by older code gets the tables added since
        if not fresh and not Term.objects.exists():
            parser.error(f"{args.keep} holds no college: remove it and run again")
    else:
        fresh = True
        if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test default
            connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-pages.sqlite3")
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if fresh:
            build(args)
        rows = fetch_all(the_college(), args.repeat)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0)
    print(f"college         {args.size}, seed {args.seed}")
    report(rows)


if __name__ == "__main__":
    main()
