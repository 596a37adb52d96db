"""Every soft penalty of a timetable, recomputed session by session (never from the model)."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from scheduler.problem import Problem, covered
from scheduler.solution import Assignment
from scheduler.verify.demand import outcomes
from scheduler.verify.group_set_penalties import linked_penalties


def penalties(problem: Problem, asg: list[Assignment]) -> tuple[dict[str, int], int, int]:
    """(rule → weighted penalty, attendable interests, all interests)."""
    w = problem.weights
    by_group: dict[str, list[Assignment]] = defaultdict(list)
    for a in asg:
        by_group[a.group].append(a)
    attendable, interests = _coverage(problem, by_group)
    out = {
        "coverage": w.coverage * (interests - attendable),
        "audience": w.audience * _audience(problem, asg),
        "clash": w.clash * _clash(problem, by_group),
        "same_venue": w.same_venue * sum(len({a.venue for a in s}) - 1 for s in by_group.values() if s),
        "spread": w.spread * _spread(by_group),
        "teacher_days": w.teacher_days * _teacher_days(problem, asg),
        "teacher_gaps": w.teacher_gaps * _teacher_gaps(problem, asg),
        "venue_size": w.venue_size * _venue_size(problem, asg),
        "minimal_change": _minimal_change(problem, by_group),
        **linked_penalties(problem, by_group),
    }
    return out, attendable, interests


def _end(problem: Problem, a: Assignment) -> int:
    return a.slot.start + problem.group[a.group].length


def _overlap(problem: Problem, a: Assignment, b: Assignment) -> bool:
    same_day = a.slot.weekday == b.slot.weekday
    return same_day and a.slot.start < _end(problem, b) and b.slot.start < _end(problem, a)


def _groups_overlap(problem: Problem, sa: list[Assignment], sb: list[Assignment]) -> bool:
    return any(_overlap(problem, a, b) for a in sa for b in sb)


def _coverage(problem: Problem, by_group: dict[str, list[Assignment]]) -> tuple[int, int]:
    attendable = total = 0
    for outcome in outcomes(problem, by_group):
        total += 1
        attendable += outcome.attendable
    return attendable, total


def _audience(problem: Problem, asg: list[Assignment]) -> int:
    out = 0
    for a in asg:
        g = problem.group[a.group]
        out += bool(g.preferred) and not covered(g.preferred, a.slot.weekday, a.slot.start, _end(problem, a))
    return out


def _clash(problem: Problem, by_group: dict[str, list[Assignment]]) -> int:
    shared: Counter[tuple[str, str]] = Counter()
    for r in problem.residents:
        for g, h in combinations(r.interests, 2):
            shared[(g, h) if g < h else (h, g)] += 1
    return sum(n for (g, h), n in shared.items() if _groups_overlap(problem, by_group[g], by_group[h]))


def _spread(by_group: dict[str, list[Assignment]]) -> int:
    out = 0
    for sessions in by_group.values():
        days = {a.slot.weekday for a in sessions}
        out += sum(1 for d in days if d + 1 in days)
    return out


def _by_teacher_day(problem: Problem, asg: list[Assignment]) -> dict[tuple[str, int], list[Assignment]]:
    out: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for a in asg:
        out[(problem.group[a.group].teacher, a.slot.weekday)].append(a)
    return out


def _teacher_days(problem: Problem, asg: list[Assignment]) -> int:
    return len(_by_teacher_day(problem, asg))


def _teacher_gaps(problem: Problem, asg: list[Assignment]) -> int:
    """Grid slots of a teaching day that no session covers, between the first and the last covered one."""
    out = 0
    for (_, day), sessions in _by_teacher_day(problem, asg).items():
        points = sorted(s.start for s in problem.slots if s.weekday == day)
        busy = [any(a.slot.start <= p < _end(problem, a) for a in sessions) for p in points]
        used = [i for i, b in enumerate(busy) if b]
        out += sum(1 for i in range(used[0], used[-1] + 1) if not busy[i])
    return out


def _venue_size(problem: Problem, asg: list[Assignment]) -> int:
    return sum(max(0, problem.venue[a.venue].capacity - problem.group[a.group].max_size) // 10 for a in asg)


def _minimal_change(problem: Problem, by_group: dict[str, list[Assignment]]) -> int:
    w = problem.weights
    out = 0
    for g in problem.groups:
        for before in g.previous:
            same_time = [a for a in by_group.get(g.id, []) if a.slot == before.slot]
            if not same_time:
                out += w.moved
            elif before.venue is not None and all(a.venue != before.venue for a in same_time):
                out += w.venue_changed
    return out
