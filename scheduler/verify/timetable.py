"""Recomputes every hard violation and every soft penalty from (problem, solution) alone.

Never imports the model, the variables or the candidates: it reads the timetable as a coordinator
would, session by session, so a bug in the model cannot hide here. Soft penalties live in
``penalties.py`` (same independence).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from scheduler.problem import Problem, covered
from scheduler.problem.subset import without
from scheduler.solution import Assignment, Session, Solution
from scheduler.verify.group_sets import linked_violations
from scheduler.verify.penalties import penalties


@dataclass(frozen=True)
class Violation:
    """A broken hard rule and the sessions that break it (so a page can mark them)."""

    rule: str
    message: str
    sessions: tuple[Session, ...] = ()


@dataclass(frozen=True)
class Report:
    violations: tuple[Violation, ...]
    penalties: dict[str, int]
    attendable: int  # (resident, group) interests the timetable makes attendable
    interests: int  # all (resident, group) interests
    unplaced: tuple[str, ...] = ()  # groups left out by a partial solve: not timetabled, not broken placements

    @property
    def objective(self) -> int:
        return sum(self.penalties.values())

    @property
    def coverage(self) -> float:
        return self.attendable / self.interests if self.interests else 1.0

    def of(self, rule: str) -> list[Violation]:
        return [v for v in self.violations if v.rule == rule]


def end(a: Assignment, problem: Problem) -> int:
    return a.slot.start + problem.group[a.group].length


def overlap(a: Assignment, b: Assignment, problem: Problem) -> bool:
    return a.slot.weekday == b.slot.weekday and a.slot.start < end(b, problem) and b.slot.start < end(a, problem)


def verify(problem: Problem, solution: Solution | tuple[Assignment, ...], unplaced: Collection[str] = ()) -> Report:
    """Every hard violation and soft penalty of ``solution``. ``unplaced``: groups a partial solve left out
    (``Solution.unplaced``): reported as unplaced, and every rule is checked for the other groups (the problem
    without them); a session of an unplaced group is a violation."""
    assignments = solution.assignments if isinstance(solution, Solution) else tuple(solution)
    problem, assignments, stray, out = _left_out(problem, assignments, unplaced)
    known = _known(problem, assignments)
    soft, attendable, interests = penalties(problem, known)
    return Report((*stray, *hard_violations(problem, assignments)), soft, attendable, interests, out)


def hard_violations(
    problem: Problem, solution: Solution | tuple[Assignment, ...], unplaced: Collection[str] = ()
) -> tuple[Violation, ...]:
    """Only the hard rules (no penalties, no demand count): what a page checks on every view or move."""
    assignments = solution.assignments if isinstance(solution, Solution) else tuple(solution)
    problem, assignments, stray, _out = _left_out(problem, assignments, unplaced)
    if stray:
        return (*stray, *hard_violations(problem, assignments))
    known = _known(problem, assignments)
    found: list[Violation] = [
        Violation("placement", f"session {a.group}#{a.index} names an unknown group or venue ({a.venue})", (a.session,))
        for a in assignments
        if a.group not in problem.group or a.venue not in problem.venue  # what _known leaves out, without a scan
    ]
    for check in (_placement, _days_and_pins, _teacher, _venue):
        found.extend(check(problem, known))
    found.extend(Violation(rule, message, sessions) for rule, message, sessions in linked_violations(problem, known))
    return tuple(found)


def _left_out(
    problem: Problem, assignments: tuple[Assignment, ...], unplaced: Collection[str]
) -> tuple[Problem, tuple[Assignment, ...], list[Violation], tuple[str, ...]]:
    """The problem without the unplaced groups, the other groups' sessions, a violation for each session of an
    unplaced group, and the unplaced groups (sorted)."""
    out = tuple(sorted(set(unplaced) & set(problem.group)))
    if not out:
        return problem, assignments, [], ()
    stray = [
        Violation("placement", f"{a.group}#{a.index} is timetabled but said to be left out", (a.session,))
        for a in assignments
        if a.group in out
    ]
    return without(problem, out), tuple(a for a in assignments if a.group not in out), stray, out


def _known(problem: Problem, assignments: tuple[Assignment, ...]) -> list[Assignment]:
    return [a for a in assignments if a.group in problem.group and a.venue in problem.venue]


def _of(*assignments: Assignment) -> tuple[Session, ...]:
    return tuple(a.session for a in assignments)


def _by_group(asg: list[Assignment]) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = defaultdict(list)
    for a in asg:
        out[a.group].append(a)
    return out


def _placement(problem: Problem, asg: list[Assignment]) -> list[Violation]:
    out = []
    by_group = _by_group(asg)
    for g in problem.groups:
        indices = sorted(a.index for a in by_group[g.id])
        if indices != list(range(g.sessions)):
            # the sessions it has and the ones it lacks: a page names the group even when none is timetabled
            keys = sorted({*_of(*by_group[g.id]), *(Session(g.id, i) for i in range(g.sessions))})
            message = f"{g.name} needs sessions 0…{g.sessions - 1}, has {indices}"
            out.append(Violation("placement", message, tuple(keys)))
    for a in asg:
        g = problem.group[a.group]
        if a.slot not in problem.slot_index or g.length > a.slot.length:
            out.append(
                Violation("placement", f"{g.name} at {a.slot.label}: not a grid slot for {g.length} minutes", _of(a))
            )
        if a.teacher != g.teacher:
            out.append(Violation("placement", f"{g.name} at {a.slot.label} is given teacher {a.teacher}", _of(a)))
    return out


def _days_and_pins(problem: Problem, asg: list[Assignment]) -> list[Violation]:
    out = []
    by_group = _by_group(asg)
    for g in problem.groups:
        mine = by_group[g.id]
        for day, n in Counter(a.slot.weekday for a in mine).items():
            if n > 1 and g.one_per_day:
                same_day = [a for a in mine if a.slot.weekday == day]
                out.append(Violation("different_days", f"{g.name} meets {n} times on weekday {day}", _of(*same_day)))
        for pin in g.pinned:
            if not any(a.slot == pin.slot and pin.venue in (None, a.venue) for a in mine):
                where = f" in {problem.venue[pin.venue].name}" if pin.venue else ""
                out.append(Violation("pinned", f"{g.name} was pinned to {pin.slot.label}{where}", _of(*mine)))
    return out


def _teacher(problem: Problem, asg: list[Assignment]) -> list[Violation]:
    out = []
    mine: dict[str, list[Assignment]] = defaultdict(list)
    for a in asg:
        mine[problem.group[a.group].teacher].append(a)
    for tid, sessions in mine.items():
        t = problem.teacher[tid]
        if len(sessions) > t.max_sessions:
            message = f"{t.name} teaches {len(sessions)} > {t.max_sessions} sessions"
            out.append(Violation("teacher_load", message, _of(*sessions)))
        for a in sessions:
            if not covered(t.availability, a.slot.weekday, a.slot.start, end(a, problem)):
                out.append(Violation("teacher_availability", f"{t.name} is not available at {a.slot.label}", _of(a)))
        ordered = sorted(sessions, key=lambda a: (a.slot.weekday, a.slot.start))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if overlap(a, b, problem):
                    out.append(
                        Violation("teacher_conflict", f"{t.name} teaches two sessions at {b.slot.label}", _of(a, b))
                    )
                    continue
                ca, cb = problem.venue[a.venue].community, problem.venue[b.venue].community
                need = problem.travel_time(ca, cb)
                if a.slot.weekday == b.slot.weekday and ca != cb and b.slot.start - end(a, problem) < need:
                    gap = b.slot.start - end(a, problem)
                    message = f"{t.name} has {gap} < {need} minutes to travel at {b.slot.label}"
                    out.append(Violation("travel", message, _of(a, b)))
    return out


def _venue(problem: Problem, asg: list[Assignment]) -> list[Violation]:
    out = []
    for a in asg:
        g, v = problem.group[a.group], problem.venue[a.venue]
        if not covered(v.opening, a.slot.weekday, a.slot.start, end(a, problem)):
            out.append(Violation("venue_opening", f"{v.name} is closed at {a.slot.label} ({g.name})", _of(a)))
        if v.capacity < g.max_size and not g.overflow:
            out.append(Violation("capacity", f"{v.name} seats {v.capacity} < {g.max_size} of {g.name}", _of(a)))
        if not g.facilities <= v.facilities:
            lack = ", ".join(sorted(g.facilities - v.facilities))
            out.append(Violation("facilities", f"{v.name} lacks {lack} for {g.name}", _of(a)))
        if g.step_free and not v.step_free:
            out.append(Violation("step_free", f"{v.name} is not step-free, {g.name} needs it", _of(a)))
        if (g.venues and v.id not in g.venues) or (not g.venues and v.community not in g.allowed_communities):
            out.append(Violation("allowed_venues", f"{g.name} may not meet in {v.name}", _of(a)))
    by_venue: dict[str, list[Assignment]] = defaultdict(list)
    for a in asg:
        by_venue[a.venue].append(a)
    for vid, sessions in by_venue.items():
        for i, a in enumerate(sessions):
            for b in sessions[i + 1 :]:
                if overlap(a, b, problem):
                    message = f"{problem.venue[vid].name} hosts two sessions at once"
                    out.append(Violation("venue_conflict", message, _of(a, b)))
    return out
