"""The local search's state: where every group is, a calendar of every session, and what a move of one group is worth.

A move changes only the terms that name the moving group, so each group's interests, the interests of other
groups that name it and its partners (groups sharing residents) are reduced once to slot masks
(``best_response_terms.Terms``): an interest is lost when the group's pattern uses a slot in its *bad* mask (a
slot it is blocked at, or whose session overlaps another group of its residents), and only the masks that name a
group that moved are worked out again. Valuing a group's patterns then costs a few mask tests per pattern. The
calendar books and unbooks the moving group instead of being rebuilt, and the penalty of the whole timetable
follows from the moves' values (``penalty()`` recomputes it from scratch and agrees).
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.problem import Group, Problem, covered
from scheduler.search import greedy_patterns as gp
from scheduler.search.best_response.terms import About, Terms, Unit
from scheduler.search.greedy import _Calendar
from scheduler.solution import Assignment

Record = tuple[str, int, tuple[str, ...], int]  # group, blocked-slot mask, others, residents


class State:
    """Where every group is (sessions, slot mask, grid-point mask), the calendar of every session, and the
    interests each placement decides."""

    def __init__(self, problem: Problem, cands: Candidates, demand: Demand, assignments) -> None:
        self.problem, self.cands = problem, cands
        self.sessions: dict[str, list[Assignment]] = defaultdict(list)
        for a in assignments:
            self.sessions[a.group].append(a)
        self.slots: dict[str, int] = {}
        self.points: dict[str, int] = {}
        self.terms: dict[str, Terms] = {}
        self.watchers: dict[str, list[Terms]] = defaultdict(list)  # group → the terms that depend on where it is
        self.cal = _Calendar(problem, cands)
        for gid in list(self.sessions):
            self.place(problem.group[gid], self.pattern(gid))
            self.book(problem.group[gid])
        self.mine: dict[str, list[Record]] = defaultdict(list)
        self.about: dict[str, list[Record]] = defaultdict(list)  # interests in other groups that name g
        for i in demand.interests:
            record = (i.group, sum(1 << t for t in i.blocked), tuple(i.others), i.count)
            self.mine[i.group].append(record)
            for h in i.others:
                self.about[h].append(record)
        self.partners: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (g, h), n in demand.shared.items():
            self.partners[g].append((h, n))
            self.partners[h].append((g, n))
        self.reach = {g.id: self._reach(g) for g in problem.groups if g.id in self.sessions}
        self.log: dict[str, list[Assignment]] | None = None  # group → sessions before its first logged move
        self.versions: dict[tuple[str, str], int] = {}  # teacher or venue → how often its bookings changed
        self.resources = {  # what g's free options depend on
            g.id: (("teacher", g.teacher), *(("venue", v) for v in cands.of[g.id].venues)) for g in problem.groups
        }
        self.known: dict[str, tuple] = {}  # group → (versions of its resources, its options, its patterns)

    def pattern(self, gid: str) -> tuple[int, ...]:
        return tuple(self.problem.slot_index[a.slot] for a in self.sessions[gid])

    def penalty(self) -> int:
        """Missed interests, clashes and audience time of the whole timetable, weighted (lower is better)."""
        w, at, slots = self.problem.weights, self.points, self.slots
        fitted = sum(
            n
            for records in self.mine.values()
            for g, blocked, others, n in records
            if g in slots and not blocked & slots[g] and not any(at.get(h, 0) & at[g] for h in others)
        )
        clashing = sum(n for g, mine in self.partners.items() for h, n in mine if g < h and at.get(g, 0) & at.get(h, 0))
        off = sum(
            off_preferred(self.problem, self.problem.group[a.group], self.problem.slot_index[a.slot])
            for mine in self.sessions.values()
            for a in mine
        )
        return -w.coverage * fitted + w.clash * clashing + w.audience * off

    def place(self, g: Group, pattern: tuple[int, ...]) -> None:
        self.slots[g.id] = sum(1 << t for t in pattern)
        self.points[g.id] = gp._points(self.cands, g, pattern)
        for terms in self.watchers.get(g.id, ()):
            terms.dirty.add(g.id)

    def book(self, g: Group) -> None:
        for a in self.sessions[g.id]:
            self.cal.book(g, self.problem.slot_index[a.slot], a.venue)

    def unbook(self, g: Group) -> None:
        for a in self.sessions[g.id]:
            self.cal.unbook(g, self.problem.slot_index[a.slot], a.venue)

    def put(self, g: Group, sessions: list[Assignment]) -> None:
        """Move unbooked ``g`` to ``sessions`` (booked), remembering where it was when a log is kept."""
        if self.log is not None and g.id not in self.log:
            self.log[g.id] = self.sessions[g.id]
        self._changed(g, sessions)
        self.sessions[g.id] = sessions
        self.place(g, self.pattern(g.id))
        self.book(g)

    def undo(self) -> None:
        """Every logged group back where it was before its first logged move."""
        for gid, sessions in (self.log or {}).items():
            g = self.problem.group[gid]
            self.unbook(g)
            self._changed(g, sessions)
            self.sessions[gid] = sessions
            self.place(g, self.pattern(gid))
            self.book(g)

    def options(self, g: Group) -> tuple[dict[int, list[str]], list[tuple[int, ...]]]:
        """Unbooked g's free options (``greedy_patterns._free_options``) and its patterns over them; the same as
        last time while no other group of its teacher or candidate venues has moved."""
        key = tuple([self.versions.get(r, 0) for r in self.resources[g.id]])
        found = self.known.get(g.id)
        if found is None or found[0] != key:
            options = gp._free_options(self.problem, self.cands, self.cal, g)
            found = self.known[g.id] = key, options, gp._patterns(self.problem, g, sorted(options))
        return found[1], found[2]

    def _changed(self, g: Group, sessions: list[Assignment]) -> None:
        """g's sessions change to ``sessions``: the groups sharing its teacher or a venue see other free options."""
        for r in {("teacher", g.teacher), *(("venue", a.venue) for a in (*self.sessions[g.id], *sessions))}:
            self.versions[r] = self.versions.get(r, 0) + 1

    def best(self, g: Group, slots: int, patterns: list[tuple[int, ...]]) -> tuple[tuple[int, ...], int]:
        """The first of ``patterns`` (within ``slots``, a mask) that serves better than where g is, by most, and by
        how much (the penalty's decrease); g's current pattern and 0 when none does.

        Patterns come grouped by their first slots: the items those avoid are listed once, and a group whose best
        case (every item left kept) does not beat the best so far is skipped."""
        items, off, audience = self._items(g, slots)
        current = self.pattern(g.id)
        now = _value(items, off, audience, current)
        best, best_value = current, now
        avoiding: dict[tuple[int, ...], tuple[list[tuple[int, int]], int, int]] = {}  # first slots → items, cost, best
        for pattern in patterns:
            left, cost = items, 0
            for j in range(1, len(pattern)):
                found = avoiding.get(pattern[:j])
                if found is None:
                    t = pattern[j - 1]
                    kept = [(m, n) for m, n in left if not m >> t & 1]
                    spent = cost + audience * (off >> t & 1)
                    found = avoiding[pattern[:j]] = kept, spent, sum([n for _, n in kept]) - spent
                left, cost, bound = found
                if bound <= best_value:
                    break
            else:
                t = pattern[-1]
                value = sum([n for m, n in left if not m >> t & 1]) - cost - audience * (off >> t & 1)
                if value > best_value:
                    best, best_value = pattern, value
        return best, best_value - now

    def gain(self, g: Group, slots: int, pattern: tuple[int, ...]) -> int:
        """What moving g from where it is to ``pattern`` (both within ``slots``) decreases the penalty by."""
        items, off, audience = self._items(g, slots)
        return _value(items, off, audience, pattern) - _value(items, off, audience, self.pattern(g.id))

    def _items(self, g: Group, slots: int) -> tuple[list[tuple[int, int]], int, int]:
        """The terms that depend on where g is: (bad mask, weight) items, exact up to a constant for patterns
        within ``slots``, and the slots outside g's preferred windows with the audience weight.

        g's own interests fit when their blocked slots are free and no other group of theirs is at g's points;
        an interest of another group h that names g is kept (if it fits otherwise) when g is not at h's points;
        a clash with a partner costs its shared residents (as: always, but earned back when g avoids it).
        """
        terms = self._terms(g)
        bad = terms.bad
        for i in self._stale(terms):
            unit = terms.units[i]
            added = self._added(terms, unit)
            if added is None:
                continue
            for mask, n in unit.added:
                left = bad.get(mask, 0) - n
                if left:
                    bad[mask] = left
                else:
                    bad.pop(mask, None)
            unit.added = added
            for mask, n in added:
                bad[mask] = bad.get(mask, 0) + n
        if slots & terms.slots == terms.slots:  # every slot g may use: the masks stay as they are
            return list(bad.items()), terms.off, self.problem.weights.audience
        merged: dict[int, int] = {}
        for mask, n in bad.items():
            if mask & slots:
                merged[mask & slots] = merged.get(mask & slots, 0) + n
        return list(merged.items()), terms.off, self.problem.weights.audience

    def _stale(self, terms: Terms) -> set[int]:
        """The units of ``terms`` that a move since they were brought up to date may have changed."""
        stale: set[int] = set()
        at, seen = self.points, terms.seen
        for h in terms.dirty:
            points = at.get(h, 0)
            hit = terms.hits.get(points, -1) if points else 0
            if hit < 0:
                hit = terms.hit(points)
            if hit != seen.get(h, -1):
                seen[h] = hit
                stale.update(terms.via.get(h, ()))
            for i in terms.rest.get(h, ()):  # h is a near unit's group, or another group of its interests
                unit = terms.units[i]
                if unit.others[0] == h or unit.about.meets(h, at) != unit.about.met.get(h):  # type: ignore[union-attr]
                    stale.add(i)
        terms.dirty.clear()
        return stale

    def _added(self, terms: Terms, unit: Unit) -> list[tuple[int, int]] | None:
        """What ``unit`` adds to ``terms.bad`` now, or None when that has not changed."""
        extra = 0  # the slots where a session meets one of its groups
        for h in unit.others:
            extra |= terms.seen[h]
        kept = -1  # no near term
        if unit.partner or unit.about:  # a near unit: only when its group is placed
            h = unit.others[0]
            points = self.points.get(h, 0)
            if points:
                kept = unit.about.residents(self.slots[h], points, self.points) if unit.about else 0
        if (extra, kept) == unit.seen:
            return None
        unit.seen = extra, kept
        out = [(blocked | extra, n) for blocked, n in unit.entries]
        if kept >= 0 and (unit.partner or kept):
            out.append((extra, unit.partner + kept * self.problem.weights.coverage))
        return out

    def _reach(self, g: Group) -> int:
        """Grid points g can ever cover during the search: its candidate slots' and where it is now."""
        return gp._points(self.cands, g, tuple(self.cands.of[g.id].venues_at)) | self.points[g.id]

    def _terms(self, g: Group) -> Terms:
        found = self.terms.get(g.id)
        if found is None:
            found = self.terms[g.id] = self._build_terms(g)
            for h in found.dirty:
                self.watchers[h].append(found)
        return found

    def _build_terms(self, g: Group) -> Terms:
        w, reach, me = self.problem.weights, self.reach, self.reach[g.id]
        slots = set(self.cands.of[g.id].venues_at) | set(self.pattern(g.id))  # all g can be at during the search
        mask = sum(1 << t for t in slots)
        own: dict[int, int] = defaultdict(int)
        joint: dict[tuple[str, ...], dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for _, blocked, others, n in self.mine[g.id]:
            near = tuple(sorted(h for h in others if reach.get(h, 0) & me))  # the others that can ever clash
            if near:
                joint[near][blocked & mask] += w.coverage * n
            else:
                own[blocked & mask] += w.coverage * n
        near_units: dict[str, Unit] = {}

        def near_unit(h: str) -> Unit:
            return near_units.setdefault(h, Unit((h,), []))

        for others, entries in list(joint.items()):
            if len(others) == 1:
                near_unit(others[0]).entries.extend(entries.items())
                del joint[others]
        about: dict[str, dict[tuple[int, tuple[str, ...]], int]] = defaultdict(lambda: defaultdict(int))
        for h, blocked, others, n in self.about[g.id]:
            if h != g.id and reach.get(h, 0) & me:  # else g's place never decides it
                rest = tuple(sorted(x for x in others if x != g.id and reach.get(x, 0) & reach[h]))
                about[h][(blocked, rest)] += n
        for h, entries in about.items():
            near_unit(h).about = About(h, [(b, rest, n) for (b, rest), n in entries.items()])
        for h, n in self.partners[g.id]:
            if reach.get(h, 0) & me:
                near_unit(h).partner += w.clash * n
        units = [Unit(others, list(entries.items())) for others, entries in joint.items()]
        units += near_units.values()
        via: dict[str, list[int]] = defaultdict(list)
        rest: dict[str, list[int]] = defaultdict(list)
        for i, unit in enumerate(units):
            for h in unit.others:
                via[h].append(i)
            for x, _ in unit.about.rest if unit.about else ():
                rest[x].append(i)
            if unit.about:
                rest[unit.others[0]].append(i)  # where its group is decides which of its interests fit
        return Terms(
            cover={t: gp._points(self.cands, g, (t,)) for t in slots},
            slots=mask,
            off=sum(1 << t for t in slots if off_preferred(self.problem, g, t)),
            units=units,
            bad={mask: n for mask, n in own.items() if n},
            via=dict(via),
            rest=dict(rest),
            dirty={*via, *rest},
        )


def _value(items: list[tuple[int, int]], off: int, audience: int, pattern: tuple[int, ...]) -> int:
    mask = sum([1 << t for t in pattern])
    return sum([n for m, n in items if not m & mask]) - audience * (mask & off).bit_count()


def off_preferred(problem: Problem, g: Group, t: int) -> bool:
    """A session outside the group's preferred windows (the audience rule)."""
    s = problem.slots[t]
    return bool(g.preferred) and not covered(g.preferred, s.weekday, s.start, s.start + g.length)
