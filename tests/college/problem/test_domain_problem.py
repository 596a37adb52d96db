"""The one mapping from records to the solver's Problem, checked against the generator's witness timetable."""

from __future__ import annotations

from college.domain.demand.activity_wishes import activity_groups
from college.domain.problem.from_records import problem_from_records
from fixtures.generator import generate_with_timetable
from scheduler import Assignment, Slot, Weights
from scheduler.problem.audience import audience_windows
from scheduler.verify.timetable import verify


def _college():
    return generate_with_timetable(seed=11, communities=2, groups=20, venues=12, teachers=16, residents=400)


def test_problem_from_records_schedules_registered_groups_on_the_terms_grid() -> None:
    generated = _college()
    records, term = generated.college, generated.college.terms[0]
    p = problem_from_records(records, term, Weights(coverage=7))
    assert {g.id for g in p.groups} == {g.key for g in records.groups if g.registered}
    assert len(p.slots) == 7 * len(term.slot_starts)
    assert p.weights.coverage == 7
    for record in (r for r in records.groups if r.registered):
        own = tuple((w.weekday, w.start, w.end) for w in record.preferred)
        usual = tuple((w.weekday, w.start, w.end) for w in audience_windows(record.audience))
        assert tuple((w.weekday, w.start, w.end) for w in p.group[record.key].preferred) == (own or usual)


def test_problem_from_records_keeps_each_residents_scheduled_interests_and_met_activity_wishes() -> None:
    records = _college().college
    p = problem_from_records(records, records.terms[0])
    scheduled = {g.id for g in p.groups}
    expected: dict[str, set[str]] = {}
    for i in records.interests:
        if i.group in scheduled:
            expected.setdefault(i.resident, set()).add(i.group)
    for (resident, _activity), group in activity_groups(records, scheduled).items():
        expected.setdefault(resident, set()).add(group)
    assert {r.id: set(r.interests) for r in p.residents} == expected


def test_the_generators_witness_timetable_keeps_every_hard_rule_of_the_engine() -> None:
    generated = _college()
    p = problem_from_records(generated.college, generated.college.terms[0])
    slot = {(s.weekday, s.start): s for s in p.slots}
    witness: list[Assignment] = []
    for gid in p.group:
        mine = sorted((w for w in generated.timetable if w.group == gid), key=lambda w: (w.weekday, w.start))
        witness += [Assignment(gid, i, slot[(w.weekday, w.start)], w.venue, w.teacher) for i, w in enumerate(mine)]
    assert all(isinstance(a.slot, Slot) for a in witness)
    assert verify(p, tuple(witness)).violations == ()
