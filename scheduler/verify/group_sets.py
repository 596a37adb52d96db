"""Hard violations of the optional rules, recomputed from the timetable alone (part of ``verify``).

Cohorts that never overlap, blocked times, allowed start times, hard Apart sets and groups set together.
Returns (rule, message, sessions) triples; ``verify.verify`` wraps them as violations.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from scheduler.problem import Problem, overlaps_any
from scheduler.solution import Assignment, Session

Found = tuple[str, str, tuple[Session, ...]]


def _end(problem: Problem, a: Assignment) -> int:
    return a.slot.start + problem.group[a.group].length


def _overlap(problem: Problem, a: Assignment, b: Assignment) -> bool:
    same_day = a.slot.weekday == b.slot.weekday
    return same_day and a.slot.start < _end(problem, b) and b.slot.start < _end(problem, a)


def linked_violations(problem: Problem, asg: list[Assignment]) -> list[Found]:
    by_group: dict[str, list[Assignment]] = defaultdict(list)
    for a in asg:
        by_group[a.group].append(a)
    out = _own_times(problem, asg)
    out += _cohorts(problem, by_group)
    out += _gaps(problem, by_group)
    out += _apart(problem, by_group)
    out += _together(problem, by_group)
    return out


def _own_times(problem: Problem, asg: list[Assignment]) -> list[Found]:
    out = []
    for a in asg:
        g = problem.group[a.group]
        if overlaps_any(g.blocked, a.slot.weekday, a.slot.start, _end(problem, a)):
            out.append(("blocked", f"{g.name} meets at {a.slot.label}, a time its members are busy", (a.session,)))
        if g.starts and a.slot not in g.starts:
            message = f"{g.name} starts at {a.slot.label}, not one of its allowed start times"
            out.append(("start_times", message, (a.session,)))
    return out


def _cohorts(problem: Problem, by_group: dict[str, list[Assignment]]) -> list[Found]:
    out = []
    for c in problem.cohorts:
        sessions = [a for g in c.groups for a in by_group.get(g, [])]
        for a, b in combinations(sessions, 2):
            if _overlap(problem, a, b):
                names = f"{problem.group[a.group].name} and {problem.group[b.group].name}"
                out.append(
                    ("cohort_clash", f"{names} of cohort {c.name} overlap at {b.slot.label}", (a.session, b.session))
                )
    return out


def _gaps(problem: Problem, by_group: dict[str, list[Assignment]]) -> list[Found]:
    out = []
    for c in problem.cohorts:
        if c.max_gaps is None:
            continue
        sessions = [a for g in c.groups for a in by_group.get(g, [])]
        gaps = 0
        for day, starts in c.idle_points(problem).items():
            busy = [
                any(a.slot.weekday == day and a.slot.start <= p < _end(problem, a) for a in sessions) for p in starts
            ]
            used = [i for i, x in enumerate(busy) if x]
            gaps += sum(1 for i in range(used[0], used[-1] + 1) if not busy[i]) if used else 0
        if gaps > c.max_gaps:
            message = f"cohort {c.name} has {gaps} idle slots a week, at most {c.max_gaps} allowed"
            out.append(("cohort_gaps", message, tuple(a.session for a in sessions)))
    return out


def too_close(by_group: dict[str, list[Assignment]], g: str, h: str, days: int) -> bool:
    """Some session of g and some session of h are fewer than ``days`` days apart."""
    return any(abs(a.slot.weekday - b.slot.weekday) < days for a in by_group.get(g, []) for b in by_group.get(h, []))


def _apart(problem: Problem, by_group: dict[str, list[Assignment]]) -> list[Found]:
    out = []
    for a in problem.apart:
        if not a.hard:
            per_day = Counter(s.slot.weekday for g in a.groups for s in by_group.get(g, []))
            out += [
                ("day_cap", f"{n} sessions of apart set {a.id} on weekday {d}, at most {a.per_day} allowed",
                 tuple(s.session for g in a.groups for s in by_group.get(g, []) if s.slot.weekday == d))
                for d, n in sorted(per_day.items())
                if a.per_day and n > a.per_day
            ]  # fmt: skip
            continue
        for g, h in combinations(a.groups, 2):
            if too_close(by_group, g, h, a.days):
                names = f"{problem.group[g].name} and {problem.group[h].name}"
                both = tuple(s.session for x in (g, h) for s in by_group.get(x, []))
                out.append(("apart", f"{names} meet fewer than {a.days} day(s) apart", both))
    return out


def _together(problem: Problem, by_group: dict[str, list[Assignment]]) -> list[Found]:
    out = []
    for together in problem.together:
        first, *others = together
        starts = sorted(a.slot for a in by_group.get(first, []))
        for g in others:
            if sorted(a.slot for a in by_group.get(g, [])) != starts:
                names = f"{problem.group[first].name} and {problem.group[g].name}"
                both = tuple(s.session for x in (first, g) for s in by_group.get(x, []))
                out.append(("same_start", f"{names} do not start at the same times", both))
    return out
