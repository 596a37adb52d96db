"""Print how fast calendar feeds render and answer, beside the targets of issue 5.

    DATABASE_URL=… python -m bench.feeds [--repeat N]

Works on a throwaway test database (an SQLite file in a temporary folder by default, or a test database
beside the PostgreSQL one DATABASE_URL names), created and dropped by the run. It loads the demo college,
publishes a timetable of every registered group (placed round-robin: the solver is not what is measured),
enrols one resident in 10 groups and cancels two of their dates. Figures (wall-clock median and p95, and CPU
time, which other processes on a shared machine do not inflate): the personal feed's render time (prepare +
iCal, nothing cached; and with its events already rendered for other feeds, as a session appears in many), and
requests per second through Django's full stack (test client, every middleware) for full responses (rendered
from scratch, and from the ETag-keyed cache) and for 304 Not Modified.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable

PERSONAL_TARGET_MS = 10.0
NOT_MODIFIED_TARGET_MS = 2.0


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

    from college.domain.calendar import prepare_feed, render_feed
    from college.domain.calendar.inputs import read_inputs
    from college.domain.calendar.kinds import FeedKind
    from college.domain.calendar.vevent import forget_rendered

    def cold(action: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            forget_rendered()  # no event and no calendar head rendered before, in any feed
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
        line("render (prepare + iCal), cold", timed(cold(render), repeat), PERSONAL_TARGET_MS),
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


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()

    original_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test default
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-feeds.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        lines = measure(publish_demo(), args.repeat)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"database {connection.vendor}; {os.cpu_count()} cores, load average {load} (shared machine: see cpu)")
    print("GET lines go through Django's test client and every middleware; /s = 1 / mean wall time")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
