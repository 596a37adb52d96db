"""A teacher's day should be compact: every idle grid slot between two of their sessions costs (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.teacher_gaps
    if not w:
        return 0
    terms = []
    for tid, groups in b.teachers_groups().items():
        if not b.counts_teacher(tid):
            continue
        if len(groups) < 2 and b.problem.group[groups[0]].one_per_day:
            continue  # one group meets at most once a day: no gap possible
        for points in b.cands.day_points.values():
            busy = [sum(lit for g in groups for lit in b.vars.covering(g, p)) for p in points]
            terms.extend(_idle(b, busy))
    return w * sum(terms)


def _idle(b: Build, busy: list) -> list:
    """Idle-point literals of one teacher-day, given each grid point's busy expression (0 or 1)."""
    used = [i for i, x in enumerate(busy) if not isinstance(x, int)]
    if len(used) < 2:
        return []
    first, last = used[0], used[-1]
    idle = []
    before = after = None
    befores = {}
    for i in range(first + 1, last):
        nxt = b.new_bool("busy_before")
        b.model.add(busy[i - 1] <= nxt) if before is None else b.model.add(busy[i - 1] + before <= 2 * nxt)
        befores[i] = before = nxt
    for i in range(last - 1, first, -1):
        nxt = b.new_bool("busy_after")
        b.model.add(busy[i + 1] <= nxt) if after is None else b.model.add(busy[i + 1] + after <= 2 * nxt)
        after = nxt
        gap = b.new_bool("idle")
        b.model.add(befores[i] + after - busy[i] <= 1 + gap)
        idle.append(gap)
    return idle
