"""``python -m bench.bounds --size community|district --seed N``: the best lower bound of a generated college's
optimum that a long run can prove, recorded in ``bench/bounds.json`` so ``bench.solve`` can say how far a
timetable is from it.

A community: the whole model with clique cuts as a MIP, solved by HiGHS (its own cuts and branching) for
``--time-limit`` seconds. A district: every block of groups that share residents alone (``district.blocks``),
its couplings to the other blocks dropped (its residents' clashes with and interests lost to other blocks'
groups, the rules of teachers who also teach in other blocks), for each the highest of its LP and MIP bounds
with clique cuts and its Lagrangian bound over patterns (``bounds.dual``, clusters included); the dropped terms
can only add cost, so the blocks' bounds add up to a bound of the district. A block none of these bounds in its
time counts with its coverage bound of each group alone (still a bound). A recorded bound is replaced only by a
higher one of the same problem: the file keeps the problem's shape so a changed generator or weights is noticed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ortools.sat.python import cp_model

from college.domain.problem.from_records import problem_from_records
from fixtures.generator import COMMUNITY, DISTRICT, generate_college
from scheduler.bounds.coverage import missed_at_best
from scheduler.bounds.lp import solve_highs
from scheduler.district import blocks as bl
from scheduler.district.blocks import Job
from scheduler.district.job import alone_dual
from scheduler.model.build import build
from scheduler.model.candidates import Candidates
from scheduler.model.demand import aggregate, answers_of
from scheduler.problem import Problem
from scheduler.search.greedy_patterns import fits_from_answers

SIZES = {"community": COMMUNITY, "district": DISTRICT}
RECORD = Path(__file__).resolve().parent / "bounds.json"


@dataclass(frozen=True)
class Known:
    """A recorded bound: ``bound`` ≤ the optimum of the problem ``shape`` describes."""

    bound: int
    method: str
    seconds: float
    date: str
    shape: str

    def gap_of(self, objective: int | None) -> float | None:
        """How far ``objective`` is above the bound, as a share of the objective."""
        if objective is None or objective <= 0:
            return None
        return max(0.0, (objective - self.bound) / objective)


def shape_of(problem: Problem) -> str:
    """What a bound belongs to: the problem's sizes and weights (a changed generator shows here)."""
    interests = sum(len(r.interests) for r in problem.residents)
    return (
        f"{len(problem.groups)} groups, {problem.session_count} sessions, {len(problem.venues)} venues, "
        f"{len(problem.teachers)} teachers, {len(problem.residents)} residents, {interests} interests, "
        f"weights {problem.weights}"
    )


def generated(size: str, seed: int) -> Problem:
    records = generate_college(seed=seed, **SIZES[size])
    return problem_from_records(records, records.terms[0])


def known(size: str, seed: int, problem: Problem) -> Known | None:
    """The best bound recorded for this problem, or None (none recorded, or recorded for another shape)."""
    entry = _read().get(f"{size}-{seed}")
    if entry is None or entry["shape"] != shape_of(problem):
        return None
    return Known(**entry)


def community_bound(problem: Problem, seconds: float) -> tuple[int | None, str]:
    return _strongest(build(problem, cuts=True).build.model, seconds, "the whole model")


def block_bound(job: Job, seconds: float, dual_seconds: float) -> tuple[int | None, str]:
    """The block's bound and what gave it: HiGHS's LP or MIP, or the Lagrangian bound over patterns (``dual``)."""
    cands = Candidates(job.problem)
    demand = aggregate(job.problem, cands, job.answers, job.own)
    dual = alone_dual(job, demand)  # a bound of its own: HiGHS may prove nothing in its time on a large block
    dual.advance(dual_seconds)
    bound, method = _strongest(build(job.problem, cands, demand, scope=job.scope, cuts=True).build.model, seconds, "")
    if dual.value() is not None and (bound is None or dual.value() > bound):
        return dual.value(), "dual"
    return bound, method.split()[1] if bound is not None else "none"


def _strongest(model: cp_model.CpModel, seconds: float, what: str) -> tuple[int | None, str]:
    """The higher of the LP relaxation's bound and the MIP's (HiGHS's root cuts and branching) in ``seconds``."""
    start = time.perf_counter()
    lp = solve_highs(model, seconds).bound
    mip = solve_highs(model, max(1.0, seconds - (time.perf_counter() - start)), integer=True).bound
    found = [(math.ceil(b), how) for b, how in ((lp, "LP"), (mip, "MIP")) if b is not None]
    if not found:
        return None, f"HiGHS on {what} with clique cuts: no bound in the time"
    bound, how = max(found)
    return bound, f"HiGHS {how} of {what} with clique cuts"


def district_bound(problem: Problem, seconds: float, processes: int, dual_seconds: float = 15.0) -> tuple[int, str]:
    cands = Candidates(problem)
    answers = answers_of(problem)
    p = bl.plan(problem, cands, answers)
    fits = fits_from_answers(problem, cands, answers)
    jobs = [bl.relaxed_job(problem, p, b, ()) for b in p.blocks]
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        proven = []
        for n, found in enumerate(pool.map(block_bound, jobs, [seconds] * len(jobs), [dual_seconds] * len(jobs)), 1):
            print(f"  block {n}/{len(jobs)}: {found[0]} ({found[1]})", flush=True)
            proven.append(found)
    total, by = 0, {"LP": 0, "MIP": 0, "dual": 0, "coverage": 0}
    for b, (bound, how) in zip(p.blocks, proven, strict=True):
        alone = math.ceil(
            problem.weights.coverage * missed_at_best(problem, cands, {g: fits[g] for g in b.groups if g in fits})
        )
        by["coverage" if bound is None or alone > bound else how] += 1
        total += max(bound or 0, alone)
    method = (
        f"sum over {len(jobs)} blocks alone (their couplings dropped: shared residents' clashes and lost interests, "
        f"shared teachers' rules; they only add cost) of the highest of HiGHS's LP and MIP with clique cuts in "
        f"{seconds:.0f} s and the Lagrangian bound over patterns with clusters in {dual_seconds:.0f} s, each "
        f"(LP {by['LP']}, MIP {by['MIP']}, dual {by['dual']}, each group's coverage alone {by['coverage']})"
    )
    return total, method


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bounds", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="community")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=1800.0, help="seconds of HiGHS for a community")
    parser.add_argument("--block-time-limit", type=float, default=120.0, help="seconds of HiGHS per district block")
    parser.add_argument("--dual-time-limit", type=float, default=15.0, help="seconds of the dual per district block")
    parser.add_argument("--processes", type=int, default=2, help="a district's blocks solved at once")
    args = parser.parse_args(argv)
    problem = generated(args.size, args.seed)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    if args.size == "community":
        bound, method = community_bound(problem, args.time_limit)
    else:
        bound, method = district_bound(problem, args.block_time_limit, args.processes, args.dual_time_limit)
    seconds = time.perf_counter() - start
    print(f"{args.size} seed {args.seed}: {shape_of(problem)}")
    if bound is None:
        print(f"bounds: no bound ({method}), {seconds:.0f} s, load {load:.1f}")
        return
    kept = record(
        f"{args.size}-{args.seed}", Known(bound, method, round(seconds), dt.date.today().isoformat(), shape_of(problem))
    )
    print(f"bounds: optimum ≥ {bound:,} ({method}; {seconds:.0f} s, load {load:.1f})")
    if kept.bound > bound:
        print(f"  the recorded bound {kept.bound:,} ({kept.method}, {kept.date}) is higher and stays")


def record(key: str, new: Known) -> Known:
    """Record ``new`` unless a higher bound of the same problem is recorded; the one kept."""
    entries = _read()
    old = entries.get(key)
    if old is not None and old["shape"] == new.shape and old["bound"] >= new.bound:
        return Known(**old)
    entries[key] = new.__dict__
    RECORD.write_text(json.dumps(dict(sorted(entries.items())), ensure_ascii=False, indent=2) + "\n")
    return new


def _read() -> dict[str, dict]:
    return json.loads(RECORD.read_text()) if RECORD.exists() else {}


if __name__ == "__main__":
    main()
