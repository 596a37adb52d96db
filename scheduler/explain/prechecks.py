"""Why no timetable exists, in sentences that name the teacher, venue or group at fault.

Fast pre-checks first (counting and matching, milliseconds), then, when none of them finds the cause,
CP-SAT with every hard constraint under a named assumption: the assumptions in the infeasible core,
shrunk by deletion, become the sentence. Never a bare "INFEASIBLE".
"""

from __future__ import annotations

from scheduler.explain.core import core_sentences
from scheduler.explain.group_sets import cohort_slots, teacher_days
from scheduler.explain.matching import venue_shortages
from scheduler.model.candidates import Candidates
from scheduler.problem import Group, Problem


def explain(problem: Problem, time_limit: float = 10.0) -> tuple[str, ...]:
    cands = Candidates(problem)
    for check in (_teacher_load, _venues_exist, _pins, _candidate_days, teacher_days, _teacher_slots, cohort_slots):
        found = check(problem, cands)
        if found:
            return tuple(found)
    shortages = venue_shortages(problem, cands)
    if shortages:
        return tuple(shortages)
    return core_sentences(problem, cands, time_limit)


def _teacher_load(problem: Problem, cands: Candidates) -> list[str]:
    load: dict[str, int] = {}
    for g in problem.groups:
        load[g.teacher] = load.get(g.teacher, 0) + g.sessions
    return [
        f"Teacher {t.name} must teach {load[t.id]} sessions a week but may teach at most {t.max_sessions}."
        for t in problem.teachers
        if load.get(t.id, 0) > t.max_sessions
    ]


def describe_need(problem: Problem, g: Group) -> str:
    """'a step-free venue with 30 seats and a piano in 社区 A' — what group ``g`` needs from a venue."""
    words = ["a step-free venue" if g.step_free else "a venue", f"with {g.max_size} seats"]
    if g.facilities:
        words.append("and " + ", ".join(sorted(g.facilities)))
    if g.venues:
        words.append("among " + ", ".join(problem.venue[v].name for v in g.venues))
    else:
        words.append("in " + ", ".join(problem.community[c].name for c in g.allowed_communities))
    return " ".join(words)


def _venues_exist(problem: Problem, cands: Candidates) -> list[str]:
    out = []
    for g in problem.groups:
        teacher = problem.teacher[g.teacher].name
        if not cands.suitable_venues(g):
            out.append(f"{g.name} needs {describe_need(problem, g)}: none is.")
        elif not cands.of[g.id].slots:
            free = cands.teacher_slots(g.teacher, g.length)
            if not free:
                out.append(f"{g.name} has no slot of {g.length} minutes in which its teacher {teacher} is free.")
            else:
                need = describe_need(problem, g)
                out.append(f"{g.name} needs {need}, open when its teacher {teacher} is free: none is.")
    return out


def _pins(problem: Problem, cands: Candidates) -> list[str]:
    out = []
    for g in problem.groups:
        teacher = problem.teacher[g.teacher]
        for pin in g.pinned:
            t = problem.slot_index[pin.slot]
            at = f"{g.name} is pinned to {pin.slot.label}"
            if t not in cands.teacher_slots(g.teacher, g.length):
                out.append(f"{at}, but its teacher {teacher.name} is not available then.")
            elif t not in cands.of[g.id].venues_at:
                out.append(f"{at}, but no venue it may use is open then.")
            elif pin.venue is not None and pin.venue not in cands.of[g.id].venues_at[t]:
                out.append(f"{at} in {problem.venue[pin.venue].name}, which does not suit it or is closed then.")
    return out


def _candidate_days(problem: Problem, cands: Candidates) -> list[str]:
    out = []
    for g in problem.groups:
        days = {problem.slots[t].weekday for t in cands.of[g.id].slots}
        if days and len(days) < g.sessions:
            teacher = problem.teacher[g.teacher].name
            out.append(
                f"{g.name} meets {g.sessions} times a week on different days, but its teacher {teacher} "
                f"and a suitable venue are free together on only {len(days)} days."
            )
    return out


def _teacher_slots(problem: Problem, cands: Candidates) -> list[str]:
    out = []
    by_teacher: dict[str, list[Group]] = {}
    for g in problem.groups:
        by_teacher.setdefault(g.teacher, []).append(g)
    for tid, groups in by_teacher.items():
        need = sum(g.sessions for g in groups)
        slots = {t for g in groups for t in cands.of[g.id].slots}
        if len(slots) < need:
            name = problem.teacher[tid].name
            out.append(f"Teacher {name} must teach {need} sessions but is available in only {len(slots)} slots.")
    return out
