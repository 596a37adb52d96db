"""Soak the production server: gunicorn on PostgreSQL, 64 clients on 127.0.0.1 for 60 seconds.

    DATABASE_URL=postgres://…/kebiao python -m bench.soak [--seconds 60] [--clients 64] [--workers 2] [--threads 8]

Makes a throwaway database beside the one DATABASE_URL names (``soak_<name>``, dropped at the end), loads the demo
college and publishes it (as ``bench.feeds`` does), starts gunicorn as the README says, and sends a mix of
catalogue pages, public and private feeds (half of them with If-None-Match) and API reads (after one untimed
pass over every path, twice) from ``--clients``
threads with keep-alive connections until the time is up (at most ``--max-requests`` in all). Prints requests per
second, p50/p99 latency, the errors (anything but 200 or 304, or a failed connection; must be 0), and last the
line ``soak: R req/s, p99 L ms, E errors``. Exits 1 when there were errors. Talks to 127.0.0.1 only.

Notes (2 cores shared with three other engineers' test runs, load average 8–14):
- 2026-12-03, defaults: 6,335 requests in 61 s, 104 req/s, p50 484 ms, p99 2,326 ms, 0 errors.
- Import bombs are refused from the zip directory before openpyxl opens them: a 4.3 KB XLSX declaring
  A1:XFD1048576 in 0.36 ms, a 1.1 MB XLSX whose shared strings inflate to 1.1 GB in 0.11 ms (on main: 4.7 s and
  past 25 s / 1.7 GB).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # milliseconds
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


def prepare() -> tuple[list[str], dict[str, str], str]:
    """The demo college published in a fresh test database: (paths, ETags of the feeds, database name)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.feeds import publish_demo
    from college.models import Community, InterestGroup, Teacher, Venue

    if connection.vendor != "postgresql":
        raise SystemExit("bench.soak needs DATABASE_URL=postgres://… (the production database)")
    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"soak_{original}"  # never a test run's own test database
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    resident_feed = publish_demo()
    groups = list(InterestGroup.objects.filter(registered=True).order_by("key").values_list("key", flat=True)[:20])
    venues = list(Venue.objects.order_by("key").values_list("key", flat=True)[:10])
    communities = list(Community.objects.order_by("key").values_list("key", flat=True))
    teacher = Teacher.objects.order_by("key").first()
    assert teacher is not None
    paths = ["/groups/", *(f"/groups/{g}/" for g in groups[:5])]
    paths += [f"/feeds/group/{g}.ics" for g in groups] + [f"/feeds/venue/{v}.ics" for v in venues]
    paths += [f"/feeds/community/{c}.ics" for c in communities]
    paths += [resident_feed, f"/feeds/teacher/{teacher.rotate_feed_token()}.ics"]
    paths += ["/api/v1/communities", "/api/v1/groups?limit=50", "/api/v1/venues?limit=50", "/api/v1/terms"]
    client = Client()
    etags = {p: client.get(p)["ETag"] for p in paths if p.startswith("/feeds/")}
    return paths, etags, original


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database: str, port: int, workers: int, threads: int, static: str) -> subprocess.Popen[bytes]:
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "soak-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1",
           "SITE_URL": f"http://127.0.0.1:{port}", "STATIC_ROOT": static, "DEBUG": "0"}  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "college.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--worker-class", "gthread", "--threads", str(threads), "--timeout", "60",
               "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start within 60 s")


def client_loop(port: int, paths: list[str], etags: dict[str, str], until: float, budget: list[int], tally: Tally,
                seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    latencies = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < until:
        with tally.lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        path = rng.choice(paths)
        headers = {"If-None-Match": etags[path]} if path in etags and rng.random() < 0.5 else {}
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            tally.error(type(error).__name__)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        if response.status not in (200, 304):
            tally.error(f"HTTP {response.status} {path.split('/')[1]}")
    connection.close()
    with tally.lock:
        tally.latencies.extend(latencies)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    args = parser.parse_args()

    paths, etags, original = prepare()
    from django.db import connection

    database = connection.settings_dict["NAME"]
    static = tempfile.mkdtemp(prefix="kebiao-soak-static-")
    server = None
    try:
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, check=True,
                       env={**os.environ, "STATIC_ROOT": static}, capture_output=True)  # fmt: skip
        port = free_port()
        server = start_server(database, port, args.workers, args.threads, static)
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in paths * 2:  # every feed rendered and cached once per worker, likely; not counted
            warm.request("GET", path)
            warm.getresponse().read()
        warm.close()
        tally, budget = Tally(), [args.max_requests]
        began = time.monotonic()
        until = began + args.seconds
        threads = [threading.Thread(target=client_loop, args=(port, paths, etags, until, budget, tally, seed))
                   for seed in range(args.clients)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(static, ignore_errors=True)
        connection.close()
        connection.creation.destroy_test_db(original, verbosity=0)
    done = len(tally.latencies)
    errors = sum(tally.errors.values())
    rate, p50, p99 = done / elapsed, percentile(tally.latencies, 0.5), percentile(tally.latencies, 0.99)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"gunicorn {args.workers} workers × {args.threads} threads on PostgreSQL; {args.clients} clients on "
          f"127.0.0.1 for {elapsed:.0f} s; {os.cpu_count()} cores, load average {load}")  # fmt: skip
    print(f"{len(paths)} paths: catalogue pages, public and private feeds (half with If-None-Match), API reads")
    print(f"requests {done:,}  req/s {rate:,.0f}  p50 {p50:.1f} ms  p99 {p99:.1f} ms  errors {errors}")
    for what, count in sorted(tally.errors.items()):
        print(f"  error {what}: {count}")
    print(f"soak: {rate:.0f} req/s, p99 {p99:.0f} ms, {errors} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
