"""Recomputes every hard violation and every soft penalty from (problem, solution) alone.

Never imports the model, the variables or the candidates: it reads the timetable as a coordinator
would, session by session, so a bug in the model cannot hide here. Soft penalties live in
``penalties.py`` (same independence).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, replace

from scheduler.problem import Problem, covered
from scheduler.problem.subset import without
from scheduler.solution import Assignment, Solution
from scheduler.verify.group_sets import linked_violations
from scheduler.verify.penalties import penalties


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


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
    out = sorted(set(unplaced) & set(problem.group))
    if out:
        problem = without(problem, out)
        stray = [a for a in assignments if a.group in out]
        assignments = tuple(a for a in assignments if a.group not in out)
        report = verify(problem, assignments)
        found = [Violation("placement", f"{a.group}#{a.index} is timetabled but said to be left out") for a in stray]
        return replace(report, violations=(*found, *report.violations), unplaced=tuple(out))
    known = [a for a in assignments if a.group in problem.group and a.venue in problem.venue]
    found: list[Violation] = [
        Violation("placement", f"session {a.group}#{a.index} names an unknown group or venue ({a.venue})")
        for a in assignments
        if a not in known
    ]
    for check in (_placement, _days_and_pins, _teacher, _venue):
        found.extend(check(problem, known))
    found.extend(Violation(rule, message) for rule, message in linked_violations(problem, known))
    soft, attendable, interests = penalties(problem, known)
    return Report(tuple(found), soft, attendable, interests)


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
            out.append(Violation("placement", f"{g.name} needs sessions 0…{g.sessions - 1}, has {indices}"))
    for a in asg:
        g = problem.group[a.group]
        if a.slot not in problem.slot_index or g.length > a.slot.length:
            out.append(Violation("placement", f"{g.name} at {a.slot.label}: not a grid slot for {g.length} minutes"))
        if a.teacher != g.teacher:
            out.append(Violation("placement", f"{g.name} at {a.slot.label} is given teacher {a.teacher}"))
    return out


def _days_and_pins(problem: Problem, asg: list[Assignment]) -> list[Violation]:
    out = []
    by_group = _by_group(asg)
    for g in problem.groups:
        mine = by_group[g.id]
        for day, n in Counter(a.slot.weekday for a in mine).items():
            if n > 1 and g.one_per_day:
                out.append(Violation("different_days", f"{g.name} meets {n} times on weekday {day}"))
        for pin in g.pinned:
            if not any(a.slot == pin.slot and pin.venue in (None, a.venue) for a in mine):
                where = f" in {problem.venue[pin.venue].name}" if pin.venue else ""
                out.append(Violation("pinned", f"{g.name} was pinned to {pin.slot.label}{where}"))
    return out


def _teacher(problem: Problem, asg: list[Assignment]) -> list[Violation]:
    out = []
    mine: dict[str, list[Assignment]] = defaultdict(list)
    for a in asg:
        mine[problem.group[a.group].teacher].append(a)
    for tid, sessions in mine.items():
        t = problem.teacher[tid]
        if len(sessions) > t.max_sessions:
            out.append(Violation("teacher_load", f"{t.name} teaches {len(sessions)} > {t.max_sessions} sessions"))
        for a in sessions:
            if not covered(t.availability, a.slot.weekday, a.slot.start, end(a, problem)):
                out.append(Violation("teacher_availability", f"{t.name} is not available at {a.slot.label}"))
        ordered = sorted(sessions, key=lambda a: (a.slot.weekday, a.slot.start))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if overlap(a, b, problem):
                    out.append(Violation("teacher_conflict", f"{t.name} teaches two sessions at {b.slot.label}"))
                    continue
                ca, cb = problem.venue[a.venue].community, problem.venue[b.venue].community
                need = problem.travel_time(ca, cb)
                if a.slot.weekday == b.slot.weekday and ca != cb and b.slot.start - end(a, problem) < need:
                    gap = b.slot.start - end(a, problem)
                    out.append(Violation("travel", f"{t.name} has {gap} < {need} minutes to travel at {b.slot.label}"))
    return out


def _venue(problem: Problem, asg: list[Assignment]) -> list[Violation]:
    out = []
    for a in asg:
        g, v = problem.group[a.group], problem.venue[a.venue]
        if not covered(v.opening, a.slot.weekday, a.slot.start, end(a, problem)):
            out.append(Violation("venue_opening", f"{v.name} is closed at {a.slot.label} ({g.name})"))
        if v.capacity < g.max_size and not g.overflow:
            out.append(Violation("capacity", f"{v.name} seats {v.capacity} < {g.max_size} of {g.name}"))
        if not g.facilities <= v.facilities:
            lack = ", ".join(sorted(g.facilities - v.facilities))
            out.append(Violation("facilities", f"{v.name} lacks {lack} for {g.name}"))
        if g.step_free and not v.step_free:
            out.append(Violation("step_free", f"{v.name} is not step-free, {g.name} needs it"))
        if (g.venues and v.id not in g.venues) or (not g.venues and v.community not in g.allowed_communities):
            out.append(Violation("allowed_venues", f"{g.name} may not meet in {v.name}"))
    by_venue: dict[str, list[Assignment]] = defaultdict(list)
    for a in asg:
        by_venue[a.venue].append(a)
    for vid, sessions in by_venue.items():
        for i, a in enumerate(sessions):
            for b in sessions[i + 1 :]:
                if overlap(a, b, problem):
                    out.append(Violation("venue_conflict", f"{problem.venue[vid].name} hosts two sessions at once"))
    return out
