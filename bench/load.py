"""Print how fast a generated college goes into the database and comes back out.

    DATABASE_URL=… python -m bench.load [--size community|district] [--seed N]

Works on a throwaway test database (an SQLite file in a temporary folder by default, or a test
database beside the PostgreSQL one DATABASE_URL names), created and dropped by the run. Figures:
generation, first load, a second load of the same records (must change nothing), reading everything
back, rows written and peak memory.
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

    from college.domain.records.load import load_college, read_college
    from fixtures.generator import PRESETS, generate_college

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(PRESETS), default="district")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    began = time.perf_counter()
    records = generate_college(seed=args.seed, **PRESETS[args.size])
    generated = time.perf_counter() - began
    original_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test default
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-load.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        first = load_college(records)
        second = load_college(records)
        began = time.perf_counter()
        back = read_college()
        read = time.perf_counter() - began
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    rows = sum(c.created for c in first.counts.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database        {connection.vendor}")
    print(f"college         {args.size}, seed {args.seed}: {len(records.residents)} residents, {rows} rows")
    print(f"generate        {generated:6.1f} s")
    print(f"first load      {first.seconds:6.1f} s  ({rows / first.seconds:,.0f} rows/s)")
    print(f"second load     {second.seconds:6.1f} s  (changed: {second.changed})")
    print(f"read back       {read:6.1f} s  (equal to the records: {back == records})")
    print(f"peak memory     {peak:6.0f} MiB")


if __name__ == "__main__":
    main()
