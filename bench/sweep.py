"""``python -m bench.sweep --size district --seeds 1-20``: our solver on many seeds of a generated college.

Each seed is generated, mapped and solved with the size's benchmark limit (district 30 s, community 2 s, 2
workers), then checked by the verifier. One row per seed: status, sessions placed, time to first feasible, wall
time, objective and hard violations; the last line sums up:
``sweep: S of N with a timetable, first feasible max F s, wall max W s`` (S counts complete timetables with no
hard violation). Targets are printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import time

from college.domain.problem.from_records import problem_from_records
from fixtures.generator import PRESETS, generate_college
from scheduler.solver import solve
from scheduler.verify import verify

LIMITS = {"community": 2.0, "district": 30.0}
TARGETS = {"community": dict(first=1.0, wall=2.2), "district": dict(first=5.0, wall=31.0)}  # seconds, per seed


def seeds(text: str) -> list[int]:
    """``1-20``, ``4,7,20261123`` or a mix: the seeds in the order given."""
    out: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        out += list(range(int(first), int(last) + 1)) if last else [int(first)]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(LIMITS), default="community")
    parser.add_argument("--seeds", type=seeds, default=seeds("1-20"), help="e.g. 1-20 or 4,7,20261123")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds (default: the size's limit)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    limit = args.time_limit or LIMITS[args.size]
    target = TARGETS[args.size]
    print(
        f"sweep {args.size}, {len(args.seeds)} seeds, {limit:g} s, {args.workers} workers; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    print(f"{'seed':>10} {'status':>10} {'placed':>13} {'first':>8} {'wall':>8} {'objective':>12} {'hard':>5}")
    complete, firsts, walls = 0, [], []
    for seed in args.seeds:
        records = generate_college(seed=seed, **PRESETS[args.size])
        problem = problem_from_records(records, records.terms[0])
        start = time.perf_counter()
        s = solve(problem, time_limit=limit, workers=args.workers, seed=seed)
        wall = time.perf_counter() - start
        hard = len(verify(problem, s).violations) if s.assignments else None
        placed = len(s.assignments)
        whole = s.status.has_timetable and placed == problem.session_count and hard == 0
        complete += whole
        first = s.timings.first_solution
        firsts.append(first if first is not None else float("inf"))
        walls.append(wall)
        print(
            f"{seed:>10} {str(s.status):>10} {placed:>6}/{problem.session_count:<6} "
            f"{'—' if first is None else f'{first:.2f}':>8} {wall:>8.2f} "
            f"{'—' if s.objective is None else f'{s.objective:,}':>12} {'—' if hard is None else hard:>5}"
            + ("" if whole else "  NO TIMETABLE"),
            flush=True,
        )
    worst_first, worst_wall = max(firsts), max(walls)
    ok = complete == len(args.seeds) and worst_first <= target["first"] and worst_wall <= target["wall"]
    print(
        f"targets ({args.size}): every seed with a complete timetable and 0 hard violations, first feasible ≤ "
        f"{target['first']:g} s, wall ≤ {target['wall']:g} s: {'MET' if ok else 'MISS'}"
    )
    print(
        f"sweep: {complete} of {len(args.seeds)} with a timetable, first feasible max {worst_first:.2f} s, "
        f"wall max {worst_wall:.2f} s"
    )


if __name__ == "__main__":
    main()
