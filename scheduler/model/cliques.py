"""Clique cuts: of several groups that pairwise may clash, all but one meeting at a grid point means overlaps.

For a grid point p and a pair (g, h) whose overlap literals exist (``overlaps.py``), w(g, h, p) ≤ Σ{u_gh[k] : P_k ∋ p}
and w ≤ Σ{u_hg[k] : P_k ∋ p}: both sums are 1 when g and h both meet at p. For a set Q of such groups (every pair
with overlap literals), with N = the number of groups of Q meeting at p:

    Σ{w(g, h, p) : g, h ∈ Q} ≥ N − 1

is valid (if m groups of Q meet at p, the m(m − 1)/2 pairs among them can all set w = 1, and that is ≥ m − 1) and
leaves every timetable's objective unchanged (w is in no objective term and never forces a u above its true
value). The pair cuts alone let the LP anti-correlate every pair separately, so that three groups wanting the
same few slots each take a good slot "half of the time" without overlapping; these cuts forbid it, and
cliques of four groups add most of what larger ones would.
"""

from __future__ import annotations

from itertools import combinations

from ortools.sat.python import cp_model

MAX_CLIQUE = 4  # larger cliques add many cuts for little bound


def add_clique_cuts(vars_, max_size: int = MAX_CLIQUE) -> int:  # noqa: ANN001 - scheduler.model.variables.Variables
    """Add the cuts of every clique of 3..``max_size`` groups at every grid point; returns how many."""
    overlaps, model = vars_.overlaps, vars_.model
    linked: dict[str, set[str]] = {}
    for (g, h), through in overlaps.made_pairs():
        if through:
            linked.setdefault(g, set()).add(h)
    w: dict[tuple[str, str, int], cp_model.IntVar] = {}

    def pair_at(g: str, h: str, p: int) -> cp_model.IntVar:
        key = (g, h, p) if g < h else (h, g, p)
        if key not in w:
            lit = w[key] = vars_.new_literal(f"both[{key[0]},{key[1]},{p}]")
            for a, b in ((g, h), (h, g)):
                model.add(cp_model.LinearExpr.sum(overlaps.through_point(a, b, p)) >= lit)
        return w[key]

    points = sorted({p for g in linked for p in vars_.points(g)})
    count = 0
    for p in points:
        here = {g for g in linked if vars_.covering(g, p)}
        for q in _cliques({g: linked[g] & here for g in sorted(here)}, max_size):
            meeting = [lit for g in q for lit in vars_.covering(g, p)]
            both = [pair_at(a, b, p) for a, b in combinations(q, 2)]
            model.add(cp_model.LinearExpr.sum(both) - cp_model.LinearExpr.sum(meeting) >= -1)
            count += 1
    return count


def _cliques(adjacent: dict[str, set[str]], max_size: int) -> list[tuple[str, ...]]:
    """Every clique of 3..``max_size`` vertices, each once (members in increasing order)."""
    out: list[tuple[str, ...]] = []
    level = [(g,) for g in adjacent]
    for _ in range(max_size - 1):
        level = [
            (*q, h) for q in level for h in sorted(adjacent[q[-1]]) if h > q[-1] and all(h in adjacent[g] for g in q)
        ]
        out.extend(q for q in level if len(q) >= 3)
    return out
