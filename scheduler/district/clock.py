"""The district's wall clock: how many seconds each block job gets, and whether it can afford its full model.

A block job spends most of a short solve outside CP-SAT's search: aggregating its residents, building the model
(its coverage terms above all), warm-starting and polishing it. The clock measures that overhead on the jobs
that finished (seconds per survey answer and group of the block, a proxy of its size) and keeps, for every job
not yet started, at least what valuing its warm start costs. A job gets its expected overhead plus an equal
share of the search time left. When the time left cannot pay for every job's full model, the jobs only value
their warm start after local search (``job.run_job(evaluate=True)``): the full models'
short CP-SAT searches add little to what the local search finds, at several times the cost.
Such a job's kicks get an equal share of what every remaining job's valuation leaves (planned on 1/SAFETY of the
time left, so later jobs get what earlier ones left over). The whole solve ends at the deadline.
"""

from __future__ import annotations

import time

from scheduler.district import blocks as bl
from scheduler.district.job import BlockResult

# Until a job is measured: seconds per unit of size (a survey answer; a group counts as GROUP answers), from a
# district block's timings (``bench/RESULTS.md``).
FULL_RATE = 3.7e-4
VALUE_RATE = 1.0e-4
GROUP = 50
MIN_SEARCH = 0.2  # a full job is not worth starting for less search than this
SAFETY = 1.5  # estimates are averages and a loaded machine stretches them: plan on this much more
OVERRUN = 0.5  # seconds a job still running past its planned end is assumed to need


class BlockClock:
    def __init__(self, p: bl.Plan, deadline: float, processes: int, reproducible: bool, budget: float) -> None:
        self.deadline, self.processes, self.reproducible = deadline, max(1, processes), reproducible
        self.size = {b.index: 1 + len(p.answers.get(b.index, ())) + GROUP * len(b.groups) for b in p.blocks}
        self.rates = {False: [FULL_RATE, 1.0], True: [VALUE_RATE, 1.0]}  # valued? → [seconds, size] so far
        self.measured = {False: False, True: False}
        self.running: dict[int, float] = {}  # block index → when its job should end
        self.fixed_share = max(0.5, budget / max(1, len(p.blocks)) * 0.85)  # reproducible mode's seconds per job

    def cost(self, b: bl.Block, valued: bool) -> float:
        seconds, size = self.rates[valued]
        return seconds / size * self.size[b.index]

    def plan(self, b: bl.Block, rest: list[bl.Block], stopped: bool = False) -> tuple[float, bool, float]:
        """(seconds, value the warm start only, seconds of local-search kicks) for block ``b``'s job; ``rest``:
        blocks still to start after it."""
        if self.reproducible:  # deterministic time: the same share whatever the load
            return self.fixed_share, False, 0.0
        now = time.perf_counter()
        busy = sum(max(OVERRUN, end - now) for end in self.running.values())  # a job past its end still runs
        left = (self.deadline - now) * self.processes - busy
        full = self.cost(b, False) + MIN_SEARCH
        fulls = full + sum(self.cost(c, False) + MIN_SEARCH for c in rest)
        kicks = 0.0
        if not stopped and left >= SAFETY * fulls:  # every job can pay for its full model
            seconds, valued = full + (left / SAFETY - fulls) / (len(rest) + 1), False
        else:  # its cost, and an equal share of what the others' costs leave for the local search's kicks
            values = sum(self.cost(c, True) for c in (b, *rest))
            kicks = 0.0 if stopped else max(0.0, left / SAFETY - values) / (len(rest) + 1)
            seconds, valued = self.cost(b, True) + kicks, True
        self.running[b.index] = now + seconds
        return seconds, valued, kicks

    def finished(self, b: bl.Block, r: BlockResult) -> None:
        self.running.pop(b.index, None)
        if r.objective is None:
            return
        rate = self.rates[r.evaluated]
        if not self.measured[r.evaluated]:  # the first measurement replaces the guess
            self.rates[r.evaluated], self.measured[r.evaluated] = [0.0, 0.0], True
            rate = self.rates[r.evaluated]
        rate[0] += r.overhead
        rate[1] += self.size[b.index]
