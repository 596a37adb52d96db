"""Importing a FET file into the database: refused with the unsupported constraints listed (nothing written),
imported when the coordinator accepts dropping them, all-or-nothing, and through ``manage.py import_fet``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from college.domain.imports.fet import FetImportError, import_fet
from college.models import AllowedVenue, ApartSet, BlockedWindow, Cohort, Community, InterestGroup, Teacher, Term
from tests.bench.staged import FET_EXAMPLES, needs_fet_examples
from tests.scheduler.io.fet.test_fet import TINY

pytestmark = pytest.mark.django_db


@pytest.fixture
def term() -> Term:
    return Term.objects.create(key="2027-spring", name="2027 spring", first_day=dt.date(2027, 3, 1),
                               last_day=dt.date(2027, 6, 30))  # fmt: skip


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.fet"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_unsupported_constraint_stops_the_import_and_nothing_is_written(term: Term, tiny) -> None:
    with pytest.raises(FetImportError, match=r"uses constraints Kebiao does not support: TeacherMaxDaysPerWeek ×1"):
        import_fet(tiny, term.pk)
    assert (Community.objects.count(), Teacher.objects.count(), InterestGroup.objects.count()) == (0, 0, 0)
    assert Term.objects.get(pk=term.pk).slot_starts == term.slot_starts


def test_dropping_unsupported_imports_teachers_activities_students_and_constraints(term: Term, tiny) -> None:
    report = import_fet(tiny, term.pk, drop_unsupported=True)
    assert report.unsupported == {"ConstraintTeacherMaxDaysPerWeek": 1} and report.dropped
    school = Community.objects.get(key="fet-tiny-school")
    assert sorted(Teacher.objects.filter(community=school).values_list("name", flat=True)) == ["Ana", "Bo"]
    art = InterestGroup.objects.get(key="fet-tiny-school-g-a3")
    assert (art.teacher.name, art.sessions_per_week, art.session_minutes, art.max_size) == ("Bo", 1, 120, 20)
    assert [v.venue.name for v in AllowedVenue.objects.filter(group=art)] == ["Hall"]
    assert [(w.weekday, w.start, w.end) for w in BlockedWindow.objects.filter(group=art)] == [(1, 600, 660)]
    cohort = Cohort.objects.get()
    assert (cohort.name, sorted(g.key[-2:] for g in cohort.groups.all())) == ("S1", ["a1", "a2", "a3"])
    apart = ApartSet.objects.get()
    assert (apart.days, apart.hard, apart.per_day, apart.groups.count()) == (1, False, 2, 2)
    term.refresh_from_db()
    assert (term.slot_starts, term.session_lengths) == ([480, 540, 600], [60, 120])
    assert report.created["interest groups"] == 3 and report.created["cohorts"] == 1


def test_a_clash_with_existing_rows_rolls_everything_back(term: Term, tiny) -> None:
    elsewhere = Community.objects.create(key="elsewhere", name="elsewhere")
    Teacher.objects.create(key="fet-tiny-school-t-ana", name="Ana already here", community=elsewhere)
    with pytest.raises(FetImportError, match="clashes with rows already in the database, nothing was imported"):
        import_fet(tiny, term.pk, drop_unsupported=True)
    assert not Community.objects.filter(key="fet-tiny-school").exists()
    assert InterestGroup.objects.count() == 0


def test_importing_the_same_school_twice_is_refused(term: Term, tiny) -> None:
    import_fet(tiny, term.pk, drop_unsupported=True)
    with pytest.raises(FetImportError, match="Tiny School was imported already"):
        import_fet(tiny, term.pk, drop_unsupported=True)
    assert InterestGroup.objects.count() == 3


def test_a_file_that_is_not_fet_is_refused_by_name(term: Term, tmp_path) -> None:
    path = tmp_path / "notes.fet"
    path.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(FetImportError, match="notes.fet: the root element is <html>"):
        import_fet(path, term.pk)


def test_command_lists_unsupported_constraints_and_imports_with_drop(term: Term, tiny) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError, match="TeacherMaxDaysPerWeek ×1"):
        call_command("import_fet", str(tiny), "--term", "2027-spring", stderr=err)
    assert "not supported: TeacherMaxDaysPerWeek ×1" in err.getvalue()
    out = io.StringIO()
    call_command("import_fet", str(tiny), "--term", "2027-spring", "--drop-unsupported", stdout=out)
    assert "tiny.fet: 1 communities, 2 venues, 2 teachers, 3 interest groups" in out.getvalue()
    with pytest.raises(CommandError, match="no term with key or id 'autumn'"):
        call_command("import_fet", str(tiny), "--term", "autumn")


@needs_fet_examples
def test_romanian_school_imports_in_full(term: Term) -> None:
    report = import_fet(FET_EXAMPLES / "Romania_Pedagogic-HS-Tg-Mures_2006-2007.fet", term.pk)
    assert (report.created["interest groups"], report.created["teachers"], report.created["apart sets"]) == (
        677,
        48,
        177,
    )
    assert Cohort.objects.exclude(max_gaps=0).filter(key__contains="-c-s-").count() == 0


def test_an_imported_school_is_solved_by_the_app_with_the_rules_it_came_with(term: Term, tiny) -> None:
    from college.domain.problem.prepare import prepare
    from scheduler.search.one_model import solve
    from scheduler.verify.timetable import verify

    import_fet(tiny, term.pk, drop_unsupported=True)
    prepared = prepare(term.pk)
    p = prepared.problem
    a1, a3 = p.group["fet-tiny-school-g-a1"], p.group["fet-tiny-school-g-a3"]
    assert [c.name for c in p.cohorts] == ["S1"]
    assert [(a.days, a.hard, a.per_day, len(a.groups)) for a in p.apart] == [(1, False, 2, 2)]
    assert (a3.venues, len(a3.blocked)) == (("fet-tiny-school-v-r-hall",), 1)
    assert a1.venues == ("fet-tiny-school-v-home-s1",)
    assert prepared.dropped == []
    s = solve(p, time_limit=5, workers=1)
    report = verify(p, s)
    assert (report.violations, report.objective) == ((), s.objective)
    art = next(a for a in s.assignments if a.group == a3.id)
    assert (art.venue, (art.slot.weekday, art.slot.start)) != (a3.venues[0], (1, 9 * 60))  # would cross the break
