"""Solve ITC-2007 Track 3 instances with the engine and print one row per instance.

    python -m bench.itc2007 comp01 comp02 … [--time-limit 300] [--seed 0] [--workers 2] [--out DIR] [--verbose]
        [--no-homes]

Columns: hard violations (the engine's verifier / our ITC validator), our ITC-2007 cost (the engine's verifier
with ITC weights, which must equal the ITC validator's figure), the best known cost and the ITC-2007 winner's
competition result, the gap to the best known, seconds to the first complete timetable and wall time ("optimal"
when the solve stopped at a proven lower bound). The last line, ``summary:``, holds every figure of the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench.itc2007.cost import cost
from bench.itc2007.ctt import read_ctt, write_solution
from bench.itc2007.known import known_costs
from bench.itc2007.mapping import to_lectures, to_problem
from bench.shared import benchmark_file
from scheduler.phases.pipeline import solve_in_phases
from scheduler.solution import Status
from scheduler.verify.timetable import verify

HEADER = (
    f"{'instance':<8} {'hard':>9} {'cost':>6} {'best':>5} {'winner':>6} {'gap':>6} {'≤winner':>7} "
    f"{'first s':>7} {'wall s':>7}"
)


def run(name: str, args: argparse.Namespace) -> tuple[str, bool, str]:
    instance = read_ctt(benchmark_file("itc2007", "ctt", f"{name}.ctt"))
    problem = to_problem(instance)
    log = (lambda m: print(f"  {name}: {m}", file=sys.stderr, flush=True)) if args.verbose else None
    solution = solve_in_phases(
        problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed, log=log, homes=not args.no_homes
    )
    if not solution.status.has_timetable:
        return f"{name:<8} no timetable ({solution.status}) in {solution.timings.total:.0f} s", False, f"{name}=none"
    report = verify(problem, solution)
    lectures = to_lectures(solution.assignments)
    itc = cost(instance, lectures)
    if report.objective != itc.total or bool(report.violations) != bool(itc.violations):
        raise SystemExit(f"{name}: the engine's verifier says {report.objective}, the ITC validator {itc.total}")
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / f"{name}.sol").write_text(write_solution(lectures), encoding="utf-8")
    known = known_costs()[name]
    gap = (itc.total - known.best) / max(1, known.best)
    beats = itc.violations == 0 and itc.total <= known.winner
    first = solution.timings.first_solution
    row = (
        f"{name:<8} {len(report.violations):>4}/{itc.violations:<4} {itc.total:>6} {known.best:>5} {known.winner:>6} "
        f"{gap:>6.0%} {'yes' if beats else 'no':>7} {first or float('nan'):>7.1f} {solution.timings.total:>7.1f}"
    )
    proven = " (optimal)" if solution.status is Status.OPTIMAL else ""
    return row + proven, beats, f"{name}={itc.total}/{known.winner}{'' if itc.violations == 0 else '!'}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.itc2007", description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="+", help="instance names, e.g. comp01 comp05")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per instance (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", help="write each solution in the ITC format to DIR/<instance>.sol")
    parser.add_argument("--verbose", action="store_true", help="print the phases of every solve on stderr")
    parser.add_argument(
        "--no-homes", action="store_true", help="phase 1 without its proxy for venue stability (to compare)"
    )
    args = parser.parse_args(argv)
    print(f"ITC-2007 Track 3, {args.time_limit:.0f} s per instance, {args.workers} workers, seed {args.seed}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print("hard = violations found by the engine's verifier / by the ITC validator")
    print(HEADER, flush=True)
    started, wins, short = time.perf_counter(), 0, []
    for name in args.instances:
        row, beats, brief = run(name, args)
        wins += beats
        short.append(brief)
        print(row, flush=True)
    total = time.perf_counter() - started
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"no worse than the ITC-2007 winner on {wins} of {len(args.instances)}; total {total:.0f} s")
    print(f"load average at end: {load}")
    # one line to paste into bench/RESULTS.md: cost/winner per instance ("!" marks a hard violation)
    print(
        f"summary: {wins}/{len(args.instances)} ≤ winner at {args.time_limit:.0f} s, seed {args.seed}, "
        f"{args.workers} workers{', no homes' if args.no_homes else ''}, load {load}: {' '.join(short)}"
    )


if __name__ == "__main__":
    main()
