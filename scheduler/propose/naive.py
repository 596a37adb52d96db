"""The naive plan a coordinator would make from the survey: the K most-wished activity × community pairs, each at
the weekly time most of its residents are free, with the first free teacher and venue that fit (in input order).
A pair with no teacher or venue free then opens nothing (the coordinator's spreadsheet does not look further).
Its residents are left to ``verify.served_at_best`` to count."""

from __future__ import annotations

from collections import Counter

from scheduler.propose.problem import Demand, Pattern
from scheduler.propose.result import Proposal


def _clash(a: Pattern, b: Pattern) -> bool:
    return any(d in b.days and a.start < b.start + b.length and b.start < a.start + a.length for d in a.days)


def naive_plan(demand: Demand) -> list[Proposal]:
    wished: Counter[tuple[str, str]] = Counter()
    who: dict[tuple[str, str], list[str]] = {}
    for w in demand.wishes:
        for c in dict.fromkeys(w.communities):
            wished[(w.activity, c)] += 1
            who.setdefault((w.activity, c), []).append(w.resident)
    plan: list[Proposal] = []
    used_sessions: Counter[str] = Counter()
    ranked = sorted(wished.items(), key=lambda item: (-item[1], item[0]))[: demand.openings]
    for (activity_id, community), _n in ranked:
        a = demand.activity[activity_id]
        free = [demand.resident[r].free for r in who[(activity_id, community)]]
        patterns = demand.patterns(a)
        if not patterns:
            continue
        pattern = max(patterns, key=lambda p: (sum(_free(f, p) for f in free), -patterns.index(p)))
        tutor = next(
            (t for t in demand.tutors
             if t.leads(a) and community in t.reach and t.sessions_left - used_sessions[t.id] >= a.sessions
             and t.free_for(pattern, community, demand.travel_minutes)
             and not any(q.tutor == t.id and _clash(q.pattern, pattern) for q in plan)),
            None,
        )  # fmt: skip
        room = next(
            (v for v in demand.rooms
             if v.community == community and v.suits(a) and v.free_for(pattern)
             and not any(q.room == v.id and _clash(q.pattern, pattern) for q in plan)),
            None,
        )  # fmt: skip
        if tutor is None or room is None:
            continue
        used_sessions[tutor.id] += a.sessions
        plan.append(Proposal(a.id, community, tutor.id, room.id, pattern, (), 0, 0))
    return plan


def _free(windows, p: Pattern) -> bool:
    return all(any(f.weekday == w.weekday and f.start <= w.start and w.end <= f.end for f in windows)
               for w in p.windows)  # fmt: skip
