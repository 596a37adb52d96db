"""A generated college in the database with its generator's witness timetable published as version 1, no solve:
for pages and benchmarks that need a week of many communities (``bench.grid`` imports it too)."""

from __future__ import annotations

from college.domain.records.load import load_college
from college.models import InterestGroup, Session, Teacher, Term, Timetable, Venue
from fixtures.generator import GeneratedCollege


def load_with_witness(generated: GeneratedCollege) -> Timetable:
    """Load ``generated`` and publish its witness timetable (every hard rule kept) as the term's version 1."""
    load_college(generated.college)
    term = Term.objects.get(key=generated.college.terms[0].key)
    timetable = Timetable.objects.create(term=term, version=1, status="published", solver_status="feasible")
    groups = {g.key: g for g in InterestGroup.objects.filter(registered=True)}
    venues, teachers = {v.key: v for v in Venue.objects.all()}, {t.key: t for t in Teacher.objects.all()}
    Session.objects.bulk_create(
        Session(timetable=timetable, group=groups[p.group], number=p.number, weekday=p.weekday, start=p.start,
                end=p.end, venue=venues[p.venue], teacher=teachers[p.teacher])
        for p in generated.timetable
        if p.group in groups
    )  # fmt: skip
    return timetable
