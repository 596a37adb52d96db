"""The solver's warm start: each group takes the weekly pattern that most of its residents can attend.

Groups go hardest first. For each, every pattern (one free slot on each of ``sessions`` different days)
is valued by the residents for whom all its sessions fall in their free time, minus twice the residents it
shares with groups already placed at overlapping times (a clash loses both interests), minus the
audience-time penalty; the best pattern is booked in the smallest free venue, the same venue for all
sessions when one is free at all of them. Keeps every hard rule; a group with no free pattern is left out.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations, product

from scheduler.model.candidates import Candidates
from scheduler.model.demand import Answer, Demand
from scheduler.problem import Group, Problem, Window, covered
from scheduler.search.greedy import Greedy, _Calendar
from scheduler.solution import Assignment

MAX_PATTERNS = 3000
TOP = 10  # candidate slots per group the greedy weighs


def fits_from_demand(demand: Demand) -> dict[str, dict[int, int]]:
    """group → blocked-slot mask → residents."""
    out: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for i in demand.interests:
        out[i.group][sum(1 << t for t in i.blocked)] += i.count
    return out


def fits_from_answers(problem: Problem, cands: Candidates, answers: list[Answer]) -> dict[str, dict[int, int]]:
    per_free: dict[int, tuple[tuple[Window, ...], dict[str, int]]] = {}  # few distinct free windows: by them
    for free, interests, n in answers:
        found = per_free.get(id(free))
        if found is None:
            found = per_free[id(free)] = (free, {})
        counts = found[1]
        for g in interests:
            counts[g] = counts.get(g, 0) + n
    out: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    slots = {g: sum(1 << t for t in c.slots) for g, c in cands.of.items()}
    for free, counts in per_free.values():
        inside: dict[int, int] = {}  # length → mask of the slots inside these free windows
        for g, n in counts.items():
            length = problem.group[g].length
            if length not in inside:
                inside[length] = sum(1 << t for t in cands.slots_inside(free, length))
            out[g][slots[g] & ~inside[length]] += n
    return out


def shared_from_answers(answers: list[Answer]) -> dict[tuple[str, str], int]:
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for _, interests, n in answers:
        for i, g in enumerate(interests):
            for h in interests[i + 1 :]:
                shared[(g, h) if g < h else (h, g)] += n
    return shared


def pattern_first(
    problem: Problem,
    cands: Candidates,
    fits: dict[str, dict[int, int]],
    shared: dict[tuple[str, str], int],
    again: bool = True,
    ahead: tuple[str, ...] = (),
) -> Greedy:
    """``again``: when some group found no place, a second pass with the left-out groups first; ``ahead``: these
    groups go first (the ones an earlier pass left out)."""
    partners: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (g, h), n in shared.items():
        partners[g].append((h, n))
        partners[h].append((g, n))
    order = sorted(problem.groups, key=lambda g: (len(cands.of[g.id].venues_at) - g.sessions, g.id))
    if ahead:
        order = [problem.group[g] for g in ahead] + [g for g in order if g.id not in set(ahead)]
    result = _place(problem, cands, fits, partners, order)
    if result.unplaced and again:  # once more with the left-out groups first; ``repair`` places what is still out
        ahead = [problem.group[g] for g in result.unplaced]
        again = _place(problem, cands, fits, partners, ahead + [g for g in order if g.id not in result.unplaced])
        result = min(result, again, key=lambda r: len(r.unplaced))
    return result


def _place(problem: Problem, cands: Candidates, fits, partners, order: list[Group]) -> Greedy:
    cal = _Calendar(problem, cands)
    where: dict[str, int] = {}  # group → mask of grid points it covers
    placed: list[Assignment] = []
    unplaced: list[str] = []
    for g in order:
        options = _free_options(problem, cands, cal, g)
        best = _best_pattern(problem, cands, g, options, fits.get(g.id, {}), partners[g.id], where)
        if best is None:
            unplaced.append(g.id)
            continue
        chosen = _venues(problem, cal, g, best, options)
        for t, v in chosen:
            cal.book(g, t, v)
        where[g.id] = _points(cands, g, best)
        placed += [Assignment(g.id, i, problem.slots[t], v, g.teacher) for i, (t, v) in enumerate(chosen)]
    return Greedy(tuple(placed), tuple(unplaced))


def _free_options(problem: Problem, cands: Candidates, cal: _Calendar, g: Group) -> dict[int, list[str]]:
    """Slots where ``g`` finds a free venue → its candidate venues there (``_venues`` picks the free ones)."""
    if not g.pinned:  # only whether one is free: most slots are never chosen
        return {t: list(vs) for t, vs in cands.of[g.id].venues_at.items() if any(cal.free(g, t, v) for v in vs)}
    out = {}
    for t, venues in cands.of[g.id].venues_at.items():
        free = [v for v in venues if cal.free(g, t, v)]
        if free:
            out[t] = free
    pins = {problem.slot_index[p.slot]: p.venue for p in g.pinned}
    out = {t: [v for v in vs if pins.get(t) in (None, v)] for t, vs in out.items()}
    if len(pins) >= g.sessions:
        out = {t: vs for t, vs in out.items() if t in pins}
    return {t: vs for t, vs in out.items() if vs}


def _points(cands: Candidates, g: Group, pattern: tuple[int, ...]) -> int:
    mask = 0
    for t in pattern:
        for p in cands.covers(t, g.length):
            mask |= 1 << p
    return mask


def _patterns(problem: Problem, g: Group, slots: list[int]) -> list[tuple[int, ...]]:
    by_day: dict[int, list[int]] = defaultdict(list)
    for t in slots:
        by_day[problem.slots[t].weekday].append(t)
    out: list[tuple[int, ...]] = []
    for days in combinations(sorted(by_day), g.sessions):
        out += product(*(by_day[d] for d in days))
        if len(out) > MAX_PATTERNS:
            break
    return out[:MAX_PATTERNS]


def _best_pattern(problem, cands, g, options, fits, partners, where) -> tuple[int, ...] | None:
    w = problem.weights
    off = dict.fromkeys(options, False)
    if g.preferred:
        for t in options:
            s = problem.slots[t]
            off[t] = not covered(g.preferred, s.weekday, s.start, s.start + g.length)
    # Only the TOP slots most residents are free for take part (keeps a district's greedy in seconds).
    single = {t: sum(n for blocked, n in fits.items() if not blocked >> t & 1) - 3 * off[t] for t in options}
    ranked = sorted(options, key=lambda t: (-single[t], t))
    best_of_day = {problem.slots[t].weekday: t for t in reversed(ranked)}  # so every day keeps one slot
    top = sorted(set(ranked[:TOP]) | set(best_of_day.values()))
    top_mask = sum(1 << t for t in top)
    merged: dict[int, int] = defaultdict(int)
    for blocked, n in fits.items():
        merged[blocked & top_mask] += n
    reach = _points(cands, g, top)
    placed = [(m, n) for h, n in partners if (m := where.get(h, 0) & reach)]  # only these can clash
    best, best_score = None, None
    for pattern in _patterns(problem, g, sorted(top)):
        mask = sum(1 << t for t in pattern)
        fit = sum(n for blocked, n in merged.items() if not blocked & mask)
        points = _points(cands, g, pattern)
        clash = sum(n for m, n in placed if m & points)
        score = w.coverage * (fit - 2 * clash) - w.clash * clash - w.audience * sum(off[t] for t in pattern)
        if best_score is None or score > best_score:
            best, best_score = pattern, score
    return best


def _venues(problem: Problem, cal: _Calendar, g: Group, pattern, options) -> list[tuple[int, str]]:
    """The smallest free venue at each slot of ``pattern``, the same one for all when one is free at all."""
    free = {
        t: sorted((v for v in options[t] if cal.free(g, t, v)), key=lambda v: problem.venue[v].capacity)
        for t in pattern
    }
    common = [v for v in free[pattern[0]] if all(v in free[t] for t in pattern)]
    ordered = sorted(pattern, key=lambda t: (problem.slots[t].weekday, problem.slots[t].start))
    if common:
        return [(t, common[0]) for t in ordered]
    return [(t, free[t][0]) for t in ordered]
