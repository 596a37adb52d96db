"""Every rule of a set of proposals recounted from (demand, proposals) alone; never imports the model.

``check`` lists the broken rules and counts the residents served as the proposals name them.
``served_at_best`` counts, by a maximum flow, the most residents a set of openings could serve (each resident
once per activity, each opening at most its size): the benchmark's count for plans that name no residents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.graph.python import max_flow

from scheduler.propose.problem import Demand
from scheduler.propose.result import Proposal


@dataclass(frozen=True)
class Report:
    violations: tuple[str, ...]
    served: int


def _size(demand: Demand, p: Proposal) -> int:
    return min(demand.activity[p.activity].max_size, demand.room[p.room].capacity)


def _serves(demand: Demand, reach: dict[tuple[str, str], set[str]], p: Proposal, resident: str) -> bool:
    """The resident wished for the activity, reaches the community, is free for every session and has no clash."""
    return p.community in reach.get((resident, p.activity), ()) and demand.resident[resident].fits(p.pattern)


def _reach(demand: Demand) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for w in demand.wishes:
        found[(w.resident, w.activity)].update(w.communities)
    return found


def _overlap(a: Proposal, b: Proposal, pad: int) -> bool:
    pa, pb = a.pattern, b.pattern
    return any(d in pb.days and pa.start < pb.start + pb.length + pad and pb.start < pa.start + pa.length + pad
               for d in pa.days)  # fmt: skip


def check(demand: Demand, proposals: Sequence[Proposal]) -> Report:
    bad: list[str] = []
    reach = _reach(demand)
    if len(proposals) > demand.openings:
        bad.append(f"{len(proposals)} proposals, more than the {demand.openings} asked for")
    counted: set[tuple[str, str]] = set()
    load: dict[str, int] = defaultdict(int)
    for n, p in enumerate(proposals):
        a, t, v = demand.activity[p.activity], demand.tutor[p.tutor], demand.room[p.room]
        name = f"proposal {n} ({p.activity} in {p.community})"
        if p.pattern.length != a.length or len(set(p.pattern.days)) != a.sessions:
            bad.append(f"{name}: its weekly time is not {a.sessions} sessions of {a.length} minutes")
        if p.pattern.start not in demand.starts:
            bad.append(f"{name}: {p.pattern.start} is not a start time of the term")
        if not t.leads(a):
            bad.append(f"{name}: teacher {t.id} neither lists the activity nor has its category as a skill")
        if p.community not in t.reach:
            bad.append(f"{name}: teacher {t.id} does not teach in {p.community}")
        if not t.free_for(p.pattern, p.community, demand.travel_minutes):
            bad.append(f"{name}: teacher {t.id} is not free then")
        load[t.id] += a.sessions
        if v.community != p.community:
            bad.append(f"{name}: venue {v.id} is in another community")
        if not v.suits(a):
            bad.append(f"{name}: venue {v.id} is too small or lacks a facility")
        if not v.free_for(p.pattern):
            bad.append(f"{name}: venue {v.id} is closed or taken then")
        if not a.min_size <= p.served <= _size(demand, p):
            bad.append(f"{name}: serves {p.served}, outside {a.min_size}–{_size(demand, p)}")
        for r in p.residents:
            if not _serves(demand, reach, p, r):
                bad.append(f"{name}: resident {r} did not wish for it, cannot reach it, or is not free then")
            if (r, p.activity) in counted:
                bad.append(f"{name}: resident {r} is counted twice for {p.activity}")
            counted.add((r, p.activity))
        for q in proposals[n + 1 :]:
            if q.tutor == p.tutor and _overlap(p, q, 0 if q.community == p.community else demand.travel_minutes):
                bad.append(f"{name}: teacher {t.id} has another proposal then (or no time to travel)")
            if q.room == p.room and _overlap(p, q, 0):
                bad.append(f"{name}: venue {v.id} has another proposal then")
    for tutor, sessions in sorted(load.items()):
        if sessions > demand.tutor[tutor].sessions_left:
            bad.append(f"teacher {tutor}: {sessions} sessions proposed, {demand.tutor[tutor].sessions_left} left")
    return Report(tuple(bad), len(counted))


def served_at_best(demand: Demand, openings: Sequence[Proposal]) -> int:
    """The most residents ``openings`` can serve together (their ``residents`` are ignored)."""
    reach = _reach(demand)
    wishers: dict[str, list[str]] = defaultdict(list)
    for resident, activity in sorted(reach):
        wishers[activity].append(resident)
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    nodes: dict[tuple[str, str], int] = {}
    for n, p in enumerate(openings):
        node = 2 + n
        flow.add_arc_with_capacity(node, sink, _size(demand, p))
        for resident in wishers[p.activity]:
            if _serves(demand, reach, p, resident):
                key = (resident, p.activity)
                if key not in nodes:
                    nodes[key] = 2 + len(openings) + len(nodes)
                    flow.add_arc_with_capacity(source, nodes[key], 1)
                flow.add_arc_with_capacity(nodes[key], node, 1)
    if not nodes or flow.solve(source, sink) != flow.OPTIMAL:
        return 0
    return flow.optimal_flow()
