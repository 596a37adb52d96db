"""A session of a cohort should have another session of the cohort right before or after it (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def neighbours(b: Build, t: int, length: int) -> tuple[int | None, int | None]:
    """The grid points just before a session starting at slot ``t`` and just after it, on its day."""
    s = b.problem.slots[t]
    day = b.cands.day_points[s.weekday]
    at = day.index(t)
    before = day[at - 1] if at > 0 else None
    after = next((p for p in day[at:] if b.problem.slots[p].start >= s.start + length), None)
    return before, after


def add(b: Build) -> Penalty:
    w = b.problem.weights.isolated
    if not w:
        return 0
    terms = []
    for c in b.problem.cohorts:
        occupied = {}
        starts: dict[tuple[int, int], list] = {}
        for g in c.groups:
            length = b.problem.group[g].length
            for p in b.vars.points(g):
                occupied.setdefault(p, []).extend(b.vars.covering(g, p))
            if not b.counts_group(g):
                continue  # a fixed neighbour: its own isolated sessions were counted with its block
            for t, lit in b.vars.meetings(g):
                starts.setdefault((t, length), []).append(lit)
        for (t, length), lits in sorted(starts.items()):
            near = [sum(occupied.get(p, [])) for p in neighbours(b, t, length) if p is not None]
            iso = b.new_bool(f"isolated[{c.id},{t}]")
            b.model.add(sum(lits) - sum(near) <= iso)
            terms.append(iso)
    return w * sum(terms)
