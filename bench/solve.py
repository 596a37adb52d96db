"""``python -m bench.solve --size community|district --seed N``: the engine on a generated college, with baselines.

Prints, for our solver and (in the same run) a naive single CP-SAT model of the whole problem: variables,
build time, time to first feasible, objective, best bound, gap, wall time, peak memory and the verifier's
hard violations; then the per-rule penalty breakdown and demand coverage beside a greedy first-fit
timetable and an upper bound (teacher and venue limits relaxed: ``scheduler.bounds.relaxation``). Targets are printed
with the figures.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import time
from dataclasses import dataclass

from bench.bounds import Known, known
from bench.coverage import RELAXATION_MAX_GROUPS, print_coverage
from college.domain.problem.from_records import problem_from_records
from fixtures.generator import COMMUNITY, DISTRICT, generate_college
from scheduler.bounds.known import Matching
from scheduler.bounds.lp import solve_highs
from scheduler.bounds.reference import reference_bound
from scheduler.model.build import add_hint, build
from scheduler.model.candidates import Candidates
from scheduler.model.rules.registry import SOFT_RULES
from scheduler.problem import Problem
from scheduler.search.one_model import solve as solve_model
from scheduler.search.partial import rest_of
from scheduler.solution import Solution
from scheduler.solver import solve
from scheduler.verify.timetable import Report, verify

SIZES = {"community": COMMUNITY, "district": DISTRICT}
TARGETS = {  # size → (first feasible s, reported gap, wall s, memory GiB, distance to the best known bound): issue 19
    "community": dict(first=2.0, gap=0.03, wall=2.0, memory=2.0, known=0.01),
    "district": dict(first=5.0, gap=0.05, wall=30.0, memory=2.0, known=0.03),
}

BOUND_SECONDS = {"community": 120.0, "district": 60.0}  # HiGHS on the coverage relaxation (district: all communities)
BACKGROUND_SECONDS = {"community": 60.0, "district": 480.0}  # the college's background bound (SOLVE_BOUND_TIME_LIMIT)


@dataclass
class Run:
    name: str
    solution: Solution
    report: Report
    wall: float


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # KiB on Linux; upper bound of the simultaneous peak


def _run(name: str, problem: Problem, fn) -> Run:
    start = time.perf_counter()
    s = fn()
    wall = time.perf_counter() - start
    return Run(name, s, verify(problem, s, unplaced=s.unplaced), wall)


def _fmt(value: float | None, spec: str = ".2f", unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


def print_runs(runs: list[Run], memory: dict[str, float]) -> None:
    rows = [
        ("status", lambda r: str(r.solution.status)),
        ("variables", lambda r: f"{r.solution.variables:,}"),
        ("build time", lambda r: _fmt(r.solution.timings.build, ".2f", " s")),
        ("time to first feasible", lambda r: _fmt(r.solution.timings.first_solution, ".2f", " s")),
        ("final objective", lambda r: _fmt(r.solution.objective, ",")),
        ("best bound", lambda r: _fmt(r.solution.bound, ",.0f")),
        ("gap", lambda r: _fmt(r.solution.gap, ".2%")),
        ("wall time", lambda r: f"{r.wall:.2f} s"),
        ("peak memory (process + workers)", lambda r: f"{memory[r.name]:,.0f} MiB"),
        ("hard violations (verifier)", lambda r: str(len(r.report.violations))),
        ("verifier objective", lambda r: _fmt(r.report.objective, ",")),
    ]
    print(f"\n{'':34}" + "".join(f"{r.name:>22}" for r in runs))
    for label, cell in rows:
        print(f"{label:34}" + "".join(f"{cell(r):>22}" for r in runs))


def print_best_known(problem: Problem, ours: Run, seconds: float) -> None:
    """The whole model with clique cuts as a MIP, solved apart by HiGHS from our timetable for ``seconds``: its
    proven bound says how far ours can be from the optimum, its best timetable how far a long search gets."""
    start = time.perf_counter()
    m = build(problem, cuts=True)
    if ours.solution.assignments:
        add_hint(m, ours.solution.assignments)
    mip = solve_highs(m.build.model, seconds, integer=True)
    took = time.perf_counter() - start
    objective = ours.solution.objective
    if mip.bound is None or objective is None:
        print(f"\nthe whole model as a MIP (HiGHS, {took:.0f} s apart): no bound in the time")
        return
    bound = math.ceil(mip.bound)
    if bound <= 0:  # every penalty is ≥ 0: HiGHS stopped before its root LP said anything (seen: -12,718 in 10 s)
        print(f"\nthe whole model as a MIP (HiGHS, {took:.0f} s apart): no useful bound in the time ({bound:,})")
        return
    print(
        f"\nthe whole model as a MIP (HiGHS with clique cuts, {took:.0f} s apart, not part of the wall time): "
        f"optimum ≥ {bound:,}, ours within {(objective - bound) / objective:.2%} of it"
    )
    if mip.objective is not None:
        best = round(mip.objective)
        print(f"  best timetable HiGHS found: {best:,} (ours {objective:,}; {(objective - best) / best:+.2%})")


def print_known(best: Known | None, ours: Run, size: str, seed: int) -> None:
    """Ours against the best bound recorded by ``bench.bounds``, beside the gap the solve itself proves."""
    if best is None:
        print(f"\nno best known bound recorded for this problem: python -m bench.bounds --size {size} --seed {seed}")
        return
    s = ours.solution
    print(
        f"\nbest known bound {best.bound:,} ({best.method}; {best.seconds:,.0f} s, {best.date}): "
        f"ours within {_fmt(best.gap_of(s.objective), '.2%')} of it; the solve's own gap {_fmt(s.gap, '.2%')}"
    )
    if s.bound is not None:
        side = "at or below" if s.bound <= best.bound else "ABOVE (a stronger bound than the record, or a wrong one)"
        print(f"  the solve's own bound {s.bound:,.0f} is {side} the best known bound")


def background_gap(problem: Problem, ours: Run, seconds: float, partial: bool) -> float | None:
    """The bound the college works out in the background for this problem (``bounds.reference``, from the problem
    alone), and the gap the solve reports with it (``bounds.known``); worked out after the solve here, so that the
    solve's peak memory and load stay its own."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    known = reference_bound(problem, seconds, partial=partial)
    took = time.perf_counter() - start
    if known is None:
        print(f"\nbackground bound: none in {took:.0f} s (load {load:.1f}); the reported gap is the in-run one")
        return ours.solution.gap
    s = Matching(rest_of(problem) if partial else problem, known).solution(ours.solution)
    print(
        f"\nbackground bound {known.value:,} ({known.method}, {took:.0f} s of one process at load {load:.1f}, from "
        f"the problem alone): reported gap with it {_fmt(s.gap, '.2%')}; in-run alone {_fmt(ours.solution.gap, '.2%')}"
    )
    return s.gap


def print_penalties(runs: list[Run]) -> None:
    print(f"\n{'penalty by rule':34}" + "".join(f"{r.name:>22}" for r in runs))
    for rule in SOFT_RULES:
        print(f"{rule:34}" + "".join(f"{r.report.penalties.get(rule, 0):>22,}" for r in runs))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.solve", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="community")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=None, help="seconds (default: the size's target)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--naive-time-limit", type=float, default=None)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--partial", action="store_true", help="leave impossible groups out, as the college does")
    parser.add_argument(
        "--background-time-limit",
        type=float,
        default=None,
        help="seconds for the college's background bound (default: "
        f"{BACKGROUND_SECONDS['community']:.0f} a community, {BACKGROUND_SECONDS['district']:.0f} a district; 0: none)",
    )
    parser.add_argument(
        "--bound-time-limit",
        type=float,
        default=None,
        help="seconds of HiGHS for the coverage upper bound (relaxation; a district: for all its communities, "
        f"shared out between them). Default: {BOUND_SECONDS['community']:.0f} for a community, "
        f"{BOUND_SECONDS['district']:.0f} for a district",
    )
    args = parser.parse_args(argv)
    target = TARGETS[args.size]
    limit = args.time_limit or target["wall"]
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    records = generate_college(seed=args.seed, **SIZES[args.size])
    problem = problem_from_records(records, records.terms[0])
    interests = sum(len(r.interests) for r in problem.residents)
    print(
        f"{args.size} seed {args.seed}: {len(problem.groups)} groups, {problem.session_count} sessions, "
        f"{len(problem.venues)} venues, {len(problem.teachers)} teachers, {len(problem.residents):,} residents, "
        f"{interests:,} interests; generated and mapped in {time.perf_counter() - t0:.1f} s; "
        f"load average {load:.2f} on {os.cpu_count()} cores"
    )
    memory: dict[str, float] = {}
    ours = _run(
        "ours",
        problem,
        lambda: solve(problem, time_limit=limit, workers=args.workers, seed=args.seed, partial=args.partial),
    )
    memory["ours"] = _peak_mib()
    runs = [ours]
    if not args.no_naive:
        naive_limit = args.naive_time_limit or limit
        naive = _run(
            "naive single model",
            problem,
            lambda: solve_model(
                problem,
                time_limit=naive_limit,
                workers=args.workers,
                seed=args.seed,
                warm_start=False,
                patterns=False,
            ),  # fmt: skip
        )
        memory["naive single model"] = _peak_mib()
        runs.append(naive)
    print_runs(runs, memory)
    best = known(args.size, args.seed, problem)
    print_known(best, ours, args.size, args.seed)
    background = args.background_time_limit
    background = BACKGROUND_SECONDS[args.size] if background is None else background
    reported = background_gap(problem, ours, background, args.partial) if background > 0 else ours.solution.gap
    bound_seconds = args.bound_time_limit or BOUND_SECONDS[args.size]
    if len(problem.groups) <= RELAXATION_MAX_GROUPS:
        print_best_known(problem, ours, bound_seconds)
    print_penalties(runs)
    per_part = bound_seconds  # a district's communities are relaxed apart, ``workers`` at once
    if len(problem.groups) > RELAXATION_MAX_GROUPS:
        per_part = max(1.0, bound_seconds * args.workers / len({g.community for g in problem.groups}))
    vs_bound, vs_greedy = print_coverage(
        problem,
        ours.report.attendable,
        Candidates(problem),
        hint=ours.solution.assignments,
        time_limit=per_part,
        workers=args.workers,
        budget=2 * bound_seconds,  # building each community's LP is not in HiGHS's limit
    )
    _print_targets(args.size, ours, memory["ours"], (vs_bound, vs_greedy), best, reported)


def _print_targets(
    size: str, ours: Run, memory_mib: float, coverage: tuple[float, float], best: Known | None, reported: float | None
) -> None:
    vs_bound, vs_greedy = coverage
    known_gap = None if best is None else best.gap_of(ours.solution.objective)
    t = TARGETS[size]
    s = ours.solution
    checks = [
        ("no hard violation", len(ours.report.violations) == 0),
        ("verifier objective = solver objective", ours.report.objective == s.objective),
        (f"first feasible ≤ {t['first']:.0f} s", (s.timings.first_solution or 1e9) <= t["first"]),
        (f"in-run gap ≤ {t['gap']:.0%}", s.gap is not None and s.gap <= t["gap"] + 1e-9),
        (
            f"reported gap (with the background bound) ≤ {t['gap']:.0%}",
            reported is not None and reported <= t["gap"] + 1e-9,
        ),
        (f"wall ≤ {t['wall']:.0f} s", ours.wall <= t["wall"]),
        (f"peak memory ≤ {t['memory']:.0f} GiB", memory_mib <= t["memory"] * 1024),
        ("coverage ≥ 95% of the upper bound", vs_bound >= 0.95),
        ("coverage ≥ 1.5× greedy first-fit", vs_greedy >= 1.5),
        (f"within {t['known']:.0%} of the best known bound", known_gap is not None and known_gap <= t["known"] + 1e-9),
    ]
    print(f"\ntargets ({size}): coverage is {vs_bound:.1%} of the upper bound and {vs_greedy:.2f}× greedy")
    for label, ok in checks:
        print(f"  {'MET ' if ok else 'MISS'}  {label}")


if __name__ == "__main__":
    main()
