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
LATER = 2.0  # a later round's job carries its fixed neighbours: its cost per size, until measured, against round 0's


class BlockClock:
    def __init__(self, p: bl.Plan, deadline: float, processes: int, reproducible: bool, budget: float) -> None:
        self.deadline, self.processes, self.reproducible = deadline, max(1, processes), reproducible
        self.size = {b.index: 1 + len(p.answers.get(b.index, ())) + GROUP * len(b.groups) for b in p.blocks}
        # (valued?, later round?) → [seconds, size] so far: a later round's model holds its fixed neighbours too
        self.rates = {(v, r): [VALUE_RATE if v else FULL_RATE, 1.0] for v in (False, True) for r in (False, True)}
        self.measured = dict.fromkeys(self.rates, False)
        self.running: dict[int, float] = {}  # block index → when its job should end
        self.started: dict[int, tuple[float, float]] = {}  # block index → (when, seconds of kicks planned)
        self.done = 0
        self.fixed_share = max(0.5, budget / max(1, len(p.blocks)) * 0.85)  # reproducible mode's seconds per job

    def cost(self, b: bl.Block, valued: bool) -> float:
        later = b.round > 0
        if later and not self.measured[(valued, True)]:  # until measured: round 0's rate, stretched
            seconds, size = self.rates[(valued, False)]
            return LATER * seconds / size * self.size[b.index]
        seconds, size = self.rates[(valued, later)]
        return seconds / size * self.size[b.index]

    def plan(self, b: bl.Block, rest: list[bl.Block], stopped: bool = False) -> tuple[float, bool, float | None]:
        """(seconds, value the warm start only, seconds of local-search kicks or None for no local search) for
        block ``b``'s job; ``rest``: blocks still to start after it."""
        if self.reproducible:  # deterministic time: the same share whatever the load
            return self.fixed_share, False, 0.0
        now = time.perf_counter()
        busy = sum(max(OVERRUN, end - now) for end in self.running.values())  # a job past its end still runs
        left = (self.deadline - now) * self.processes - busy
        full = self.cost(b, False) + MIN_SEARCH
        fulls = full + sum(self.cost(c, False) + MIN_SEARCH for c in rest)
        kicks: float | None = 0.0
        if not stopped and left >= SAFETY * fulls:  # every job can pay for its full model
            seconds, valued = full + (left / SAFETY - fulls) / (len(rest) + 1), False
        else:  # its cost, and an equal share of what the others' costs leave for the local search's kicks
            values = sum(self.cost(c, True) for c in (b, *rest))
            kicks = 0.0 if stopped else max(0.0, left / SAFETY - values) / (len(rest) + 1)
            if left < values:  # not even every valuation fits: no local search at all, the warm start as it is
                kicks = None
            seconds, valued = self.cost(b, True) + (kicks or 0.0), True
        self.running[b.index] = now + seconds
        self.started[b.index] = (now, kicks or 0.0)
        return seconds, valued, kicks

    def again(self, b: bl.Block, rest: list[bl.Block]) -> float:
        """Seconds for a block job that found no timetable in its share: the time the others leave (every job
        still to start keeps what valuing its warm start costs), at least its full model's cost."""
        now = time.perf_counter()
        busy = sum(max(OVERRUN, end - now) for end in self.running.values())
        left = (self.deadline - now) * self.processes - busy - SAFETY * sum(self.cost(c, True) for c in rest)
        seconds = min(self.deadline - now, max(self.cost(b, False) + MIN_SEARCH, left))
        self.running[b.index] = now + seconds
        return seconds

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def finished(self, b: bl.Block, r: BlockResult) -> None:
        self.running.pop(b.index, None)
        when, kicks = self.started.pop(b.index, (None, 0.0))
        if r.objective is None:
            return
        key = (r.evaluated, b.round > 0)
        if not self.measured[key]:  # the first measurement replaces the guess
            self.rates[key], self.measured[key] = [0.0, 0.0], True
        rate = self.rates[key]
        overhead = r.overhead
        self.done += 1
        if r.evaluated and when is not None and self.done > self.processes:  # the first jobs start the processes
            overhead = max(overhead, time.perf_counter() - when - kicks)  # as the district sees it, passing included
        rate[0] += overhead
        rate[1] += self.size[b.index]
