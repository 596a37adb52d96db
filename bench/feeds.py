"""Print how fast calendar feeds render and answer, beside the targets of issues 5 and 19.

    DATABASE_URL=… python -m bench.feeds [--repeat N] [--http [--seconds S] [--connections C]]

Works on a throwaway test database (an SQLite file in a temporary folder by default, or a test database
beside the PostgreSQL one DATABASE_URL names), created and dropped by the run. It loads the demo college,
publishes a timetable of every registered group (placed round-robin: the solver is not what is measured),
enrols one resident in 10 groups and cancels two of their dates. Figures (wall-clock median and p95, and CPU
time, which other processes on a shared machine do not inflate): the personal feed's render time (prepare +
iCal, nothing cached; and with its events already rendered for other feeds, as a session appears in many), and
requests per second through Django's full stack (test client, every middleware) for full responses (rendered
from scratch, and from the ETag-keyed cache) and for 304 Not Modified.

``--http`` then serves the same database as documented for production (README: Production): gunicorn
(four gthread workers of two threads unless told otherwise) running ``college.wsgi:application`` behind nginx with
``deploy/nginx.conf``, public feeds written as files under ``FEEDS_ROOT``; and beside it an nginx server of
plain files holding the same public feed's bytes. wrk (2 threads, C connections, S seconds each) loads the
public feed through the front server and from the reference, the personal feed (200) and its 304 through the
front server and straight from gunicorn, each with the CPU time gunicorn's and nginx's workers spent a request.
Ends with ``feeds: public R1 req/s = X % of nginx, personal R2 req/s, 304 R3 req/s``. ``bash .ci/setup bench``
installs nginx and wrk.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from urllib.request import urlopen

from bench import serving

PERSONAL_TARGET_MS = 5.0  # issue 19: a cold personal render
NOT_MODIFIED_TARGET_MS = 2.0
PUBLIC_SHARE_TARGET = 0.5  # of nginx serving the same bytes
PERSONAL_TARGET_RPS = 2000
NOT_MODIFIED_TARGET_RPS = 4000


def timed(action: Callable[[], object], repeat: int) -> tuple[list[float], float]:
    """Wall-clock milliseconds of each of ``repeat`` runs (after two warm-ups), and the mean CPU milliseconds."""
    action()
    action()
    times = []
    cpu_began = time.process_time()
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return times, (time.process_time() - cpu_began) * 1000 / repeat


def line(label: str, measured: tuple[list[float], float], target: float | None = None) -> str:
    times, cpu = measured
    median, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1]
    rate = 1000 / statistics.mean(times)
    verdict = ""
    if target is not None:
        verdict = (f"  target ≤ {target:g} ms: wall {'met' if median <= target else 'MISSED'},"
                   f" cpu {'met' if cpu <= target else 'MISSED'}")  # fmt: skip
    return f"{label:<35} median {median:6.2f} ms  p95 {p95:6.2f} ms  cpu {cpu:6.2f} ms  {rate:7,.0f} /s{verdict}"


def publish_demo() -> str:
    """Load the demo college, publish a timetable, return the private feed path of a resident in 10 groups."""
    import datetime as dt

    from college.domain.calendar.occurrences import cancel_occurrence
    from college.domain.calendar.term_dates import term_days
    from college.domain.records.load import load_college
    from college.models import Interest, InterestGroup, Resident, Session, Term, Timetable, Venue
    from fixtures.demo import demo_college

    load_college(demo_college())
    term = Term.objects.get()
    timetable = Timetable.objects.create(
        term=term, version=1, status="published", published_at=dt.datetime(2026, 8, 20, tzinfo=dt.UTC)
    )
    venues: dict[int, list[Venue]] = {}
    for venue in Venue.objects.order_by("key"):
        venues.setdefault(venue.community_id, []).append(venue)
    sessions = []
    groups = list(InterestGroup.objects.filter(registered=True).order_by("key"))
    for index, group in enumerate(groups):
        for number in range(1, group.sessions_per_week + 1):
            start = term.slot_starts[(index + number) % len(term.slot_starts)]
            sessions.append(Session(timetable=timetable, group=group, number=number, weekday=(index + 2 * number) % 7,
                                    start=start, end=min(start + group.session_minutes, 1440),
                                    venue=venues[group.community_id][index % len(venues[group.community_id])],
                                    teacher=group.teacher))  # fmt: skip
    Session.objects.bulk_create(sessions)
    resident = Resident.objects.order_by("key").first()
    Interest.objects.filter(resident=resident).delete()
    ten = groups[:10]
    Interest.objects.bulk_create(Interest(resident=resident, group=g, kind="enrolled") for g in ten)
    for session in Session.objects.filter(group__in=ten[:2], number=1):
        days = term_days(term.first_day, term.last_day, frozenset(term.closures.values_list("date", flat=True)))
        day = days.meeting_dates(session.weekday)[8]
        cancel_occurrence(session.pk, day, "老师生病")
    return f"/feeds/resident/{resident.rotate_feed_token()}.ics"


def measure(path: str, repeat: int) -> list[str]:
    from django.core.cache import cache
    from django.test import Client

    from college.derived.models import RenderedEvent
    from college.domain.calendar import prepare_feed, render_feed
    from college.domain.calendar.inputs import read_inputs
    from college.domain.calendar.kinds import FeedKind
    from college.domain.calendar.vevent import forget_rendered

    def cold(action: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            forget_rendered()  # no event and no calendar head rendered before, in any feed
            RenderedEvent.objects.all().delete()
            return action()

        return run

    def cold_process(action: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            forget_rendered()  # a fresh worker: its events come from the database, where the public feeds left them
            return action()

        return run

    token = path.removeprefix("/feeds/resident/").removesuffix(".ics")
    prepared = prepare_feed("resident", token)
    assert prepared is not None
    events = len(prepared.events)
    body = render_feed(prepared)
    client = Client()
    etag = client.get(path)["ETag"]
    assert client.get(path, headers={"if-none-match": etag}).status_code == 304

    def render() -> bytes:
        return render_feed(prepare_feed("resident", token))

    def full_rendered() -> None:
        cache.clear()
        forget_rendered()
        assert client.get(path).status_code == 200

    return [
        f"personal feed: 10 groups, {events} weekly events, {body.count(b'BEGIN:VEVENT')} VEVENTs, {len(body):,} bytes",
        line("render (prepare + iCal), cold", timed(cold(render), repeat)),
        line("render, cold process, events stored", timed(cold_process(render), repeat), PERSONAL_TARGET_MS),
        line("  read inputs (the 304 work)", timed(lambda: read_inputs(FeedKind.RESIDENT, token), repeat)),
        line("  prepare (inputs, events, ETag)", timed(lambda: prepare_feed("resident", token), repeat)),
        line("  iCal only, cold", timed(cold(lambda: render_feed(prepared)), repeat)),
        line("render, events seen in other feeds", timed(render, repeat), PERSONAL_TARGET_MS),
        line("GET 200, rendered each time", timed(full_rendered, repeat)),
        line("GET 200, body from the cache", timed(lambda: client.get(path), repeat)),
        line(
            "GET 304 (If-None-Match)",
            timed(lambda: client.get(path, headers={"if-none-match": etag}), repeat),
            NOT_MODIFIED_TARGET_MS,
        ),  # fmt: skip
    ]


def http_figures(path: str, seconds: int, connections: int, server: object) -> list[str]:
    """Serve this database with gunicorn behind nginx and load it with wrk (see the module's docstring)."""
    import shutil
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    from college.domain.calendar.files import write_feeds
    from college.models import InterestGroup

    folder = Path(tempfile.mkdtemp(prefix="bench-feeds-http-"))
    folder.chmod(0o755)  # nginx's workers run as another user
    public = folder / "public"
    settings.FEEDS_ROOT = str(public / "feeds")
    write_feeds()
    group = InterestGroup.objects.filter(sessions__timetable__status="published").order_by("key").first()
    public_path = f"/feeds/group/{group.key}.ics"
    (folder / "reference" / "feeds" / "group").mkdir(parents=True)
    shutil.copy(public / public_path.lstrip("/"), folder / "reference" / public_path.lstrip("/"))
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir()
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {"DJANGO_SETTINGS_MODULE": "college.settings", "DATABASE_URL": url, "SECRET_KEY": "bench-feeds-http-key",
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "FEEDS_ROOT": str(public / "feeds"), "LOG_LEVEL": "ERROR",
           "DEBUG": "0"}  # fmt: skip
    app, front, reference = serving.free_port(), serving.free_port(), serving.free_port()
    config = serving.nginx_config(folder, public, front, app, reference)
    lines = [f"{server}; nginx: 1 worker; wrk: 2 threads, {connections} connections, {seconds} s a run"]
    with serving.gunicorn(env, app, server) as gunicorn, serving.nginx(config) as nginx:
        base, direct = f"http://127.0.0.1:{front}", f"http://127.0.0.1:{app}"
        serving.wait_for(base + public_path)
        serving.wait_for(base + path)  # the first request renders and stores the personal feed
        with urlopen(base + path) as response:  # noqa: S310 - localhost
            etag = response.headers["ETag"]
        workers = {"gunicorn": serving.children(gunicorn.pid), "nginx": serving.children(nginx.pid)}
        cpu: dict[str, str] = {}

        def load(label: str, url: str, headers: dict[str, str] | None = None) -> tuple[str, serving.Load]:
            before = {name: serving.cpu_seconds(pids) for name, pids in workers.items()}
            measured = serving.wrk(url, seconds, connections, headers)
            used = {name: serving.cpu_seconds(pids) - before[name] for name, pids in workers.items()}
            cpu[label] = ", ".join(f"{name} {spent * 1e6 / max(measured.requests, 1):.0f} µs"
                                   for name, spent in used.items() if spent)  # fmt: skip
            return label, measured

        runs = dict([
            load("nginx, the public feed's bytes as a plain file", f"http://127.0.0.1:{reference}{public_path}"),
            load("public feed through the front server (file)", base + public_path),
            load("personal feed through the front server", base + path),
            load("personal 304 through the front server", base + path, {"If-None-Match": etag}),
            load("personal feed straight from gunicorn", direct + path),
            load("personal 304 straight from gunicorn", direct + path, {"If-None-Match": etag}),
        ])  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    lines.append("CPU a request: the workers' user + system seconds over a run / its requests (another process's load")
    lines.append("inflates it far less than req/s)")
    for label, measured in runs.items():
        lines.append(f"{label:<48} {measured.requests_per_second:10,.0f} req/s  latency {measured.latency:>8}  "
                     f"{measured.statuses}  CPU a request: {cpu[label]}")  # fmt: skip
    nginx_rate = runs["nginx, the public feed's bytes as a plain file"].requests_per_second
    public_rate = runs["public feed through the front server (file)"].requests_per_second
    personal = runs["personal feed through the front server"].requests_per_second
    not_modified = runs["personal 304 through the front server"].requests_per_second
    share = public_rate / nginx_rate
    lines.append(
        f"targets: public ≥ {PUBLIC_SHARE_TARGET:.0%} of nginx {'met' if share >= PUBLIC_SHARE_TARGET else 'MISSED'}, "
        f"personal ≥ {PERSONAL_TARGET_RPS:,} req/s {'met' if personal >= PERSONAL_TARGET_RPS else 'MISSED'}, "
        f"304 ≥ {NOT_MODIFIED_TARGET_RPS:,} req/s {'met' if not_modified >= NOT_MODIFIED_TARGET_RPS else 'MISSED'}"
    )
    lines.append(f"feeds: public {public_rate:,.0f} req/s = {share:.0%} of nginx, personal {personal:,.0f} req/s, "
                 f"304 {not_modified:,.0f} req/s")  # fmt: skip
    return lines


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--http", action="store_true", help="also serve with gunicorn behind nginx and load with wrk")
    parser.add_argument("--seconds", type=int, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    as_readme = "(default: README: Production)"
    parser.add_argument("--workers", type=int, default=serving.GUNICORN_WORKERS, help=f"gunicorn workers {as_readme}")
    parser.add_argument("--threads", type=int, default=serving.GUNICORN_THREADS, help=f"threads a worker {as_readme}")
    parser.add_argument("--worker-class", default="gthread", help=f"gunicorn worker class {as_readme}")
    args = parser.parse_args()

    original_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test default
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-feeds.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        path = publish_demo()
        lines = measure(path, args.repeat)
        if args.http:
            server = serving.Gunicorn(args.workers, args.threads, args.worker_class)
            lines += http_figures(path, args.seconds, args.connections, server)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"database {connection.vendor}; {os.cpu_count()} cores, load average {load} (shared machine: see cpu)")
    print("GET lines go through Django's test client and every middleware; /s = 1 / mean wall time")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
