"""An ITC-2007 instance as the engine's own ``Problem``, and the engine's timetable back as solution lines.

Courses become groups (one session per lecture, several a day allowed, ``min_days`` = minimum working days,
``overflow``: a room may be too small at one point per missing seat, blocked at unavailable periods), taught by
the course's teacher; curricula become cohorts (never overlap); periods become one-hour grid slots from 08:00.
Weights follow ITC-2007 (overflow 1, min days 5, isolated 2, same venue 1); every other soft rule weighs 0.
"""

from __future__ import annotations

from collections import Counter

from bench.itc2007.ctt import Instance, Lecture
from scheduler import Assignment, Cohort, Community, Group, Problem, Slot, Teacher, Venue, Weights, Window

DAY_START, PERIOD = 8 * 60, 60
CAMPUS = "campus"

ITC_WEIGHTS = Weights(
    coverage=0,
    audience=0,
    clash=0,
    same_venue=1,
    spread=0,
    teacher_days=0,
    teacher_gaps=0,
    venue_size=0,
    moved=0,
    venue_changed=0,
    overflow=1,
    min_days=5,
    isolated=2,
    apart=0,
)


def slot(day: int, period: int) -> Slot:
    return Slot(day, DAY_START + period * PERIOD, PERIOD)


def to_problem(instance: Instance) -> Problem:
    ppd = instance.periods_per_day
    slots = tuple(slot(d, p) for d in range(instance.days) for p in range(ppd))
    week = tuple(Window(d, 0, 24 * 60) for d in range(instance.days))
    load = Counter()
    for c in instance.courses:
        load[c.teacher] += c.lectures
    teachers = tuple(Teacher(t, t, CAMPUS, week, n) for t, n in sorted(load.items()))
    blocked: dict[str, list[Window]] = {}
    for c, d, p in instance.unavailable:
        start = DAY_START + p * PERIOD
        blocked.setdefault(c, []).append(Window(d, start, start + PERIOD))
    groups = tuple(
        Group(
            id=c.id,
            name=c.id,
            community=CAMPUS,
            teacher=c.teacher,
            sessions=c.lectures,
            length=PERIOD,
            min_size=0,
            max_size=max(1, c.students),
            one_per_day=False,
            min_days=c.min_days,
            overflow=True,
            blocked=tuple(sorted(blocked.get(c.id, ()))),
        )
        for c in instance.courses
    )
    return Problem(
        slots=slots,
        communities=(Community(CAMPUS, instance.name),),
        venues=tuple(Venue(r.id, r.id, CAMPUS, max(1, r.capacity), opening=week) for r in instance.rooms),
        teachers=teachers,
        groups=groups,
        weights=ITC_WEIGHTS,
        cohorts=tuple(Cohort(q.id, q.id, q.courses) for q in instance.curricula),
        name=instance.name,
    )


def to_lectures(assignments: tuple[Assignment, ...] | list[Assignment]) -> tuple[Lecture, ...]:
    return tuple(Lecture(a.group, a.venue, a.slot.weekday, (a.slot.start - DAY_START) // PERIOD) for a in assignments)


def to_assignments(problem: Problem, lectures: tuple[Lecture, ...]) -> tuple[Assignment, ...]:
    """Solution lines as the engine's assignments (numbered per course in time order)."""
    out = []
    seen: Counter[str] = Counter()
    for x in sorted(lectures, key=lambda x: (x.course, x.day, x.period)):
        g = problem.group[x.course]
        out.append(Assignment(x.course, seen[x.course], slot(x.day, x.period), x.room, g.teacher))
        seen[x.course] += 1
    return tuple(out)
