"""A matching pre-check: can every session get its own (venue, start time) at all?

Sessions on one side, (venue, slot) pairs on the other, an edge when the pair is a candidate of the
session's group. If the largest matching leaves a session out, Hall's theorem gives a set of groups that
together need more (venue, slot) pairs than exist for them: a cause a coordinator can act on.
"""

from __future__ import annotations

from scheduler.model.candidates import Candidates
from scheduler.model.rules import venue_conflict
from scheduler.problem import Problem
from scheduler.reason import Reason


def venue_shortages(problem: Problem, cands: Candidates) -> list[Reason]:
    left: list[str] = []  # one entry per session: its group id
    edges: list[list[tuple[str, int]]] = []
    for g in problem.groups:
        pairs = [(v, t) for t, vs in cands.of[g.id].venues_at.items() for v in vs]
        for _ in range(g.sessions):
            left.append(g.id)
            edges.append(pairs)
    match_of: dict[tuple[str, int], int] = {}
    unmatched = [i for i in range(len(left)) if not _augment(i, edges, match_of)]
    if not unmatched:
        return []
    groups, resources = _hall_set(unmatched[0], edges, match_of, left)
    need = sum(problem.group[g].sessions for g in groups)
    venues = tuple(sorted({v for v, _ in resources}))
    return [venue_conflict.shortage(tuple(sorted(groups)), venues, need, len(resources))]


def _augment(start: int, edges: list[list[tuple[str, int]]], match_of: dict[tuple[str, int], int]) -> bool:
    """Kuhn's augmenting path from session ``start`` (iterative DFS)."""
    seen: set[tuple[str, int]] = set()
    stack = [(start, iter(edges[start]))]
    path: list[tuple[int, tuple[str, int]]] = []
    while stack:
        node, it = stack[-1]
        for r in it:
            if r in seen:
                continue
            seen.add(r)
            path.append((node, r))
            if r not in match_of:
                for n, res in path:
                    match_of[res] = n
                return True
            nxt = match_of[r]
            stack.append((nxt, iter(edges[nxt])))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False


def _hall_set(
    start: int, edges: list[list[tuple[str, int]]], match_of: dict[tuple[str, int], int], left: list[str]
) -> tuple[set[str], set[tuple[str, int]]]:
    """Sessions reachable from an unmatched one by alternating paths, and the pairs they can use."""
    reached, resources, todo = {start}, set(), [start]
    while todo:
        node = todo.pop()
        for r in edges[node]:
            if r not in resources:
                resources.add(r)
                nxt = match_of[r]
                if nxt not in reached:
                    reached.add(nxt)
                    todo.append(nxt)
    return {left[i] for i in reached}, resources
