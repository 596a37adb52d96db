"""Solve a FET file with the engine and print what the timetable achieves; optionally FET's own run beside it.

    python -m bench.fet FILE [--time-limit 60] [--vs-fet] [--min-days-hard-from 100] [--workers 2]

Constraints the engine does not support are listed and dropped. Figures: activities placed / total, hard
violations found by the engine's verifier, our soft penalty (each pair of a soft min-days constraint closer
than asked counts 1, each activity outside a soft preferred start 1), seconds to the first timetable and in
total. ``--vs-fet`` runs ``fet-cl`` (Debian package ``fet``) on the same file with the same time limit and scores
its timetable with the same verifier; FET's own soft-conflict total is printed too.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench.fet_cl import available, run_fet
from scheduler.io.fet.mapping import map_fet
from scheduler.io.fet.read import read_fet
from scheduler.search.one_model import solve
from scheduler.verify.timetable import verify


def _row(who: str, placed: int, total: int, hard: object, soft: object, extra: str, seconds: float) -> str:
    return f"{who:<8} {placed:>4}/{total:<4} {hard!s:>5} {soft!s:>6} {extra:>18} {seconds:>8.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fet", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--vs-fet", action="store_true", help="run fet-cl on the same file and compare")
    parser.add_argument("--min-days-hard-from", type=float, default=100.0, help="min-days weight that is hard")
    args = parser.parse_args(argv)
    if not args.file.exists():
        raise SystemExit(f"{args.file}: no such file")
    fet = read_fet(args.file)
    mapping = map_fet(fet, min_days_hard_from=args.min_days_hard_from)
    problem = mapping.problem
    sizes = f"{len(problem.cohorts)} cohorts, {len(problem.venues)} venues, {len(fet.days)}×{len(fet.hours)} grid"
    print(f"{args.file.name}: {len(problem.groups)} activities, {len(problem.teachers)} teachers, {sizes}")
    print(
        "mapped constraints: " + ", ".join(f"{k.removeprefix('Constraint')} {n}" for k, n in mapping.supported.items())
    )
    if mapping.unsupported:
        dropped = ", ".join(f"{k.removeprefix('Constraint')} {n}" for k, n in mapping.unsupported.items())
        print(f"DROPPED (not supported): {dropped}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    solution = solve(problem, time_limit=args.time_limit, workers=args.workers)
    print(f"{'':<8} {'placed':>9} {'hard':>5} {'soft':>6} {'':>18} {'wall s':>8}")
    total = len(problem.groups)
    if solution.status.has_timetable:
        report = verify(problem, solution)
        first = solution.timings.first_solution or 0.0
        extra = f"first at {first:.1f} s"
        print(_row("engine", total, total, len(report.violations), report.objective, extra, solution.timings.total))
    else:
        print(_row("engine", 0, total, "-", "-", str(solution.status), solution.timings.total))
        for reason in solution.explanation:
            print(f"  why: {reason.as_json()}")
    if args.vs_fet:
        if not available():
            raise SystemExit("fet-cl is not installed: apt-get install -y --no-install-recommends fet")
        run = run_fet(args.file.resolve(), fet, mapping, args.time_limit)
        placed = len({a.group for a in run.assignments})
        report = verify(problem, run.assignments) if run.assignments else None
        hard = len([v for v in report.violations if v.rule != "placement"]) if report else "-"
        soft = report.objective if report else "-"
        own = f"FET soft {run.soft_conflicts}" if run.soft_conflicts is not None else "no FET score"
        print(_row("fet-cl", placed, total, hard, soft, own, run.seconds))
        print(f"  fet-cl: {run.outcome}")


if __name__ == "__main__":
    main()
