"""Published timetables of the tiny college's 2026 autumn term, built directly with the models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max

from college.models import Closure, InterestGroup, OccurrenceChange, Session, Term, Timetable, Venue
from tests.college.factories import load_tiny_college

AUTUMN_FIRST = dt.date(2026, 9, 7)  # a Monday
AUTUMN_LAST = dt.date(2027, 1, 15)  # past the years chinese-calendar 1.11 knows
SPORTS_DAY = dt.date(2026, 11, 11)  # a Wednesday closure of the term
PUBLISHED_AT = dt.datetime(2026, 8, 20, 10, 0, tzinfo=dt.UTC)


class Slot(NamedTuple):
    group: str
    number: int
    weekday: int
    start: int
    end: int
    venue: str


WEEK = (
    Slot("taichi", 1, 0, 9 * 60, 10 * 60 + 30, "xz-elderly"),  # Monday 09:00–10:30
    Slot("taichi", 2, 3, 9 * 60, 10 * 60 + 30, "xz-plaza"),  # Thursday 09:00–10:30
    Slot("tea", 1, 2, 19 * 60, 21 * 60, "dz-room"),  # Wednesday 19:00–21:00
)


def make_autumn_term(closures: Iterable[dt.date] = (SPORTS_DAY,)) -> Term:
    """The tiny college (loaded here) and its 2026 autumn term with one closure."""
    load_tiny_college()
    term = Term.objects.create(key="2026-autumn", name="2026年秋季学期", first_day=AUTUMN_FIRST, last_day=AUTUMN_LAST)
    Closure.objects.bulk_create([Closure(term=term, date=day, reason="运动会") for day in closures])
    InterestGroup.objects.filter(key="tea").update(what_to_bring="茶杯")
    return term


def publish(term: Term, slots: Iterable[Slot] = WEEK, published_at: dt.datetime = PUBLISHED_AT) -> Timetable:
    """A new version of the term's timetable with ``slots``, published (the previous one archived), atomically."""
    with transaction.atomic():
        Timetable.objects.filter(term=term, status="published").update(status="archived")
        version = (Timetable.objects.filter(term=term).aggregate(Max("version"))["version__max"] or 0) + 1
        timetable = Timetable.objects.create(
            term=term, version=version, status="published", solver_status="optimal", published_at=published_at
        )
        groups = {g.key: g for g in InterestGroup.objects.all()}
        venues = {v.key: v for v in Venue.objects.all()}
        Session.objects.bulk_create(
            Session(timetable=timetable, group=groups[s.group], number=s.number, weekday=s.weekday, start=s.start,
                    end=s.end, venue=venues[s.venue], teacher=groups[s.group].teacher)
            for s in slots
        )  # fmt: skip
    return timetable


def session_of(term: Term, group: str, number: int = 1) -> Session:
    """The published session of ``group`` in ``term``."""
    return Session.objects.get(timetable__term=term, timetable__status="published", group__key=group, number=number)


def add_autumn_with_one_off_change() -> OccurrenceChange:
    """For pages that need one of every row: the 2026 autumn term published, 太极班 cancelled on 14 September.

    Expects the tiny college to be loaded already.
    """
    term = Term.objects.create(key="2026-autumn", name="2026年秋季学期", first_day=AUTUMN_FIRST, last_day=AUTUMN_LAST)
    publish(term)
    return OccurrenceChange.objects.create(
        term=term, group=InterestGroup.objects.get(key="taichi"), number=1, date=dt.date(2026, 9, 14), cancelled=True,
        reason="王老师出差",
    )  # fmt: skip
