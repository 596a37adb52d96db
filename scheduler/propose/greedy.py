"""The warm start: proposals taken one at a time, each the option that serves the most residents still unserved.

An option's worth only falls as residents are served and teachers and venues are taken, so a heap re-checked
lazily picks the best option without scanning them all each time. A proposal serves first the residents with
the fewest other options.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.propose.candidates import Candidates, Option, room_cap
from scheduler.propose.problem import Pattern


@dataclass
class Pick:
    option: int
    tutor: str
    room: str
    served: dict[int, int]  # class → residents


@dataclass
class _State:
    left: list[int]  # residents of each class not yet served
    sessions: dict[str, int]
    taken: dict[str, list[tuple[Pattern, str]]] = field(default_factory=lambda: defaultdict(list))


def _clash(a: Pattern, b: Pattern, pad: int) -> bool:
    return any(
        d in b.days and a.start < b.start + b.length + pad and b.start < a.start + a.length + pad for d in a.days
    )


def _tutor_free(cands: Candidates, s: _State, o: Option, t: str) -> bool:
    if s.sessions[t] < o.activity.sessions:
        return False
    return not any(_clash(o.pattern, p, cands.pad[t]) for p, _c in s.taken["t:" + t])


def _room_free(s: _State, o: Option, v: str) -> bool:
    return not any(_clash(o.pattern, p, 0) for p, _c in s.taken["v:" + v])


def _best(cands: Candidates, s: _State, o: Option) -> tuple[int, str, str]:
    """(residents it would serve now, teacher, venue); 0 when no teacher or venue is free any more."""
    tutor = next((t for t in o.tutors if _tutor_free(cands, s, o, t)), None)
    rooms = [v for v in o.rooms if _room_free(s, o, v)]
    if tutor is None or not rooms:
        return 0, "", ""
    room = max(rooms, key=lambda v: room_cap(o.activity, cands.demand.room[v]))
    waiting = sum(s.left[k] for k in cands.of_option[o.index])
    value = min(waiting, room_cap(o.activity, cands.demand.room[room]))
    return (value if value >= o.activity.min_size else 0), tutor, room


def greedy(cands: Candidates) -> list[Pick]:
    s = _State([k.count for k in cands.classes], {t.id: t.sessions_left for t in cands.demand.tutors})
    heap = [(-o.fitting, o.index) for o in cands.options]
    heapq.heapify(heap)
    picks: list[Pick] = []
    while heap and len(picks) < cands.demand.openings:
        _stale, index = heapq.heappop(heap)
        o = cands.options[index]
        value, tutor, room = _best(cands, s, o)
        if value == 0:
            continue
        if heap and -value > heap[0][0]:  # another option may be worth more now
            heapq.heappush(heap, (-value, index))
            continue
        served: dict[int, int] = {}
        need = value
        for k in sorted(cands.of_option[index], key=lambda k: (len(cands.classes[k].options), k)):
            take = min(need, s.left[k])
            if take:
                served[k] = take
                s.left[k] -= take
                need -= take
            if need == 0:
                break
        s.sessions[tutor] -= o.activity.sessions
        s.taken["t:" + tutor].append((o.pattern, o.community))
        s.taken["v:" + room].append((o.pattern, o.community))
        picks.append(Pick(index, tutor, room, served))
    return picks
