"""Whether the sessions of two groups overlap, and through which weekly pattern: the literals clashes rest on.

For groups g and h whose weekly patterns are enumerated, ``through(g, h)[k]`` is true when g takes its k-th
pattern and a session of h overlaps it; ``clash(g, h)`` is true when they overlap at all. Both are only
bounded from below (the objective pushes them down):

- u[k] ≤ y[k] (u[k] only where g takes pattern k);
- per set T of one or two grid points that some pattern of h covers entirely:
  Σ{u[k] : P_k meets T} ≥ Σ{y[k] : P_k meets T} + Σ{z[Q] : Q ⊇ T} − 1
  (with T one point this makes u exact: g and h overlap exactly when they share a grid point);
- clash(g, h) ≥ Σ u[k] (g takes one pattern, so the u[k] are exclusive).

The textbook linearisation (u[k] ≥ y[k] + Σ{z[Q] : Q overlaps P_k} − 1) lets a relaxed solution spread both
groups over many patterns and overlap nowhere. The set cuts bring the LP close to the pair's exact
(transportation) hull.
"""

from __future__ import annotations

from itertools import combinations

from ortools.sat.python import cp_model

Literal = cp_model.IntVar


class Overlaps:
    """Pairwise overlap literals of the groups of one model, made on first request."""

    def __init__(self, vars_) -> None:  # noqa: ANN001 - the Variables that own these literals pass themselves
        self.vars = vars_
        self.model: cp_model.CpModel = vars_.model
        self._through: dict[tuple[str, str], dict[int, Literal]] = {}
        self._clash: dict[tuple[str, str], Literal | int] = {}
        self._masks: dict[str, list[int]] = {}
        self._points: dict[str, dict[int, list[int]]] = {}

    def masks(self, g: str) -> list[int]:
        """Grid points each pattern of g covers, as bitmasks (bit p = grid point p)."""
        if g not in self._masks:
            length = self.vars.problem.group[g].length
            out = []
            for slots, _ in self.vars.patterns(g):
                mask = 0
                for t in slots:
                    for p in self.vars.covers(t, length):
                        mask |= 1 << p
                out.append(mask)
            self._masks[g] = out
        return self._masks[g]

    def through(self, g: str, h: str) -> dict[int, Literal]:
        """k → "g takes pattern k and h overlaps it", for the patterns of g that h can overlap."""
        if (g, h) not in self._through:
            self._make_pair(*sorted((g, h)))
        return self._through[(g, h)]

    def made_pairs(self) -> list[tuple[tuple[str, str], dict[int, Literal]]]:
        """((g, h), through(g, h)) for every ordered pair made so far."""
        return list(self._through.items())

    def through_point(self, g: str, h: str, p: int) -> list[Literal]:
        """The overlap literals of the patterns of g that cover grid point p: their sum is 1 when both meet at p."""
        through = self.through(g, h)
        return [through[k] for k in self._by_point(g).get(p, []) if k in through]

    def clash(self, g: str, h: str) -> Literal | int:
        """True when some session of g overlaps some session of h (0 when they never can)."""
        key = (g, h) if g < h else (h, g)
        if key not in self._clash:
            self._make_pair(*key)
        return self._clash[key]

    def _make_pair(self, a: str, b: str) -> None:
        ua, ub = self._direction(a, b), self._direction(b, a)
        self._through[(a, b)], self._through[(b, a)] = ua, ub
        if not ua:
            self._clash[(a, b)] = 0
            return
        if len(ua) == 1 and len(self.masks(a)) == 1:  # a is fixed: its one overlap literal says it all
            self._clash[(a, b)] = next(iter(ua.values()))
            return
        if len(ub) == 1 and len(self.masks(b)) == 1:
            self._clash[(a, b)] = next(iter(ub.values()))
            return
        lit = self.vars.new_literal(f"clash[{a},{b}]")
        for side in (ua, ub):
            _add_ge(self.model, [lit], [1], list(side.values()), 0)
        self._clash[(a, b)] = lit

    def _direction(self, g: str, h: str) -> dict[int, Literal]:
        pg, ph = self.vars.patterns(g), self.vars.patterns(h)
        mg, mh = self.masks(g), self.masks(h)
        common = _union(mg) & _union(mh)
        if not common:
            return {}
        ys, zs = [y for _, y in pg], [z for _, z in ph]
        if len(ph) == 1:  # h is fixed (one pattern): g overlaps it exactly when it takes a pattern that hits
            return {k: ys[k] for k, mask in enumerate(mg) if mask & mh[0]}
        if len(pg) == 1:  # g is fixed: the overlap is the sum of h's patterns that hit it (0 or 1)
            u0 = self.vars.new_literal(f"through[{g},{h}]")
            _add_ge(self.model, [u0], [1], [zs[j] for j, q in enumerate(mh) if q & mg[0]], 0)
            return {0: u0}
        u: dict[int, Literal] = {}
        for k, mask in enumerate(mg):
            if mask & common:
                u[k] = self.vars.new_literal(f"through[{g},{h}]")
                self.model.add_implication(u[k], ys[k])  # u ≤ y: the set cuts then force exactly u[k]
        bg, bh = self._by_point(g), self._by_point(h)
        pairs: set[tuple[int, int]] = set()
        for p in bits(common):  # Σ{y : P ∋ p} is the meetings covering p (one session a day)
            lhs = [u[k] for k in bg[p]]
            _add_ge(self.model, lhs, [1] * len(lhs), [*self.vars.covering(g, p), *self.vars.covering(h, p)], 1)
        for q in mh:
            pairs.update(combinations(bits(q & common), 2))
        for p, q in sorted(pairs):
            ks = sorted({*bg[p], *bg[q]})
            cover = [zs[j] for j in sorted(set(bh[p]) & set(bh[q]))]
            lhs = [u[k] for k in ks]
            _add_ge(self.model, lhs, [1] * len(lhs), [*(ys[k] for k in ks), *cover], 1)
        return u

    def _by_point(self, g: str) -> dict[int, list[int]]:
        """Grid point → the patterns of g that cover it."""
        if g not in self._points:
            out: dict[int, list[int]] = {}
            for k, mask in enumerate(self.masks(g)):
                for p in bits(mask):
                    out.setdefault(p, []).append(k)
            self._points[g] = out
        return self._points[g]


def _union(masks: list[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


def bits(mask: int) -> list[int]:
    """The set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _add_ge(model: cp_model.CpModel, lhs: list, coeffs: list[int], rhs: list, minus: int) -> None:
    """Σ coeffs·lhs ≥ Σ rhs − minus, built as one weighted sum (fast for long sums)."""
    expr = cp_model.LinearExpr.weighted_sum([*lhs, *rhs], [*coeffs, *([-1] * len(rhs))])
    model.add(expr >= -minus)
