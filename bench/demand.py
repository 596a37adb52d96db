"""``python -m bench.demand --size community|district --seed N --openings K``: proposals of new groups (接单).

Generates a college, solves its timetable and takes it as the published one, then prints the residents served by
the proposals, by a naive plan (the K most-wished activity × community pairs, each at its residents' most common
free time, with the first free teacher and venue that fit), and the LP bound of the proposal model, with the wall
time of the proposal step alone (generation and the base solve excluded). Targets are in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import time

from college.domain.demand.unmet import Meeting, demand_of
from college.domain.problem.from_records import problem_from_records
from fixtures.generator import COMMUNITY, DISTRICT, generate_college
from scheduler.propose import propose
from scheduler.propose.naive import naive_plan
from scheduler.propose.verify import check, served_at_best
from scheduler.solver import solve

SIZES = {"community": COMMUNITY, "district": DISTRICT}
BASE_SECONDS = {"community": 5.0, "district": 30.0}
PROPOSE_SECONDS = {"community": 10.0, "district": 15.0}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.demand", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="community")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--openings", type=int, default=10, help="K: at most this many proposals")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds of the proposal step")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    records = generate_college(seed=args.seed, **SIZES[args.size])
    term = records.terms[0]
    problem = problem_from_records(records, term)
    base = solve(problem, time_limit=BASE_SECONDS[args.size], workers=args.workers, seed=args.seed)
    meetings = [
        Meeting(a.group, a.slot.weekday, a.slot.start, a.slot.start + problem.group[a.group].length, a.venue, a.teacher)
        for a in base.assignments
    ]
    demand = demand_of(records, term, meetings, args.openings)
    print(
        f"{args.size} seed {args.seed}, K = {args.openings}: {len(demand.wishes):,} unmet activity wishes of "
        f"{len(demand.residents):,} residents, {len(demand.tutors)} teachers, {len(demand.rooms)} venues; "
        f"base timetable {base.status} ({len(base.assignments)} sessions) in {time.perf_counter() - t0:.1f} s; "
        f"load average {load:.2f} on {os.cpu_count()} cores"
    )
    limit = args.time_limit or PROPOSE_SECONDS[args.size]
    start = time.perf_counter()
    demand = demand_of(records, term, meetings, args.openings)  # the step's input, as the proposal job builds it
    result = propose(demand, time_limit=limit, workers=args.workers, seed=args.seed)
    wall = time.perf_counter() - start
    report = check(demand, result.proposals)
    naive = naive_plan(demand)
    naive_served = served_at_best(demand, naive)
    bound = result.lp_bound if result.lp_bound is not None else result.bound
    print(f"options {result.options:,}; greedy warm start {result.greedy} served; status {result.status}")
    print(
        f"proposals: {len(result.proposals)}, served {result.served} (recounted {report.served}, "
        f"{len(report.violations)} broken rules); naive plan: {len(naive)} groups, served {naive_served}"
    )
    for v in report.violations[:5]:
        print("  BROKEN", v)
    ratio = result.served / naive_served if naive_served else float("inf")
    share = result.served / bound if bound else 1.0
    print(f"proposals / naive {ratio:.2f}× (target ≥ 1.25×); of the bound {share:.1%} (target ≥ 95 %)")
    print(
        f"demand: proposed {result.served} served, naive {naive_served} served, "
        f"bound {bound if bound is None else round(bound)}, wall {wall:.1f} s"
    )


if __name__ == "__main__":
    main()
