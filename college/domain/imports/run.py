"""Run an import: read the table, check every row, show what would change, write only when every row is valid.

Writes go through the records loader (``college.domain.records.load_college``) with just the records the
file names, so they are idempotent by natural key and happen in one transaction: importing the same
file twice changes nothing the second time. Survey answers replace a resident's earlier answers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from college.domain.access import Scope
from college.domain.calendar.private import next_generation
from college.domain.calendar.refresh import feeds_changed
from college.domain.imports import kinds
from college.domain.imports.kinds import Column, SurveyAnswer
from college.domain.imports.lookups import Lookups
from college.domain.imports.tables import Table, read_table
from college.domain.records.load import LoadReport, load_college
from college.domain.records.read import read_activities, read_groups, read_teachers, read_venues
from college.domain.records.types import (
    ActivityRecord,
    ActivityWishRecord,
    CollegeRecords,
    CommunityRecord,
    GroupRecord,
    InterestRecord,
    ResidentRecord,
    TeacherRecord,
    Window,
)
from college.models import (
    ActivityWish,
    College,
    Community,
    FreeTime,
    Interest,
    InterestGroup,
    InterestKind,
    Resident,
    Teacher,
)

MAX_PROBLEMS = 200  # listed in a report; the rest are counted


@dataclass(frozen=True)
class ImportKind:
    name: str
    title: str  # the sheet's name in templates and exports
    columns: list[Column]
    parse: Callable[[dict[str, str], Lookups], tuple[Any, list[tuple[str, str]]]]
    cells: Callable[[Any, Lookups], list[object]]
    current: Callable[[Lookups, list[str]], dict[str, Any]]  # existing records by key, to compare and export
    records: Callable[[list[Any], Lookups], CollegeRecords]  # what the loader writes

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass(frozen=True)
class RowProblem:
    row: int  # as Excel numbers it: the headers are row 1
    column: str
    message: str


@dataclass(frozen=True)
class RowOutcome:
    row: int
    key: str
    action: str  # "create", "update" or "unchanged"


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False
    load: LoadReport | None = None
    problem_count: int = 0  # all problems; ``problems`` holds the first MAX_PROBLEMS of them

    @property
    def more_problems(self) -> int:
        return self.problem_count - len(self.problems)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def count_create(self) -> int:
        return self.count("create")

    @property
    def count_update(self) -> int:
        return self.count("update")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def ok(self) -> bool:
        return not self.problems


def _communities() -> tuple[CommunityRecord, ...]:
    return tuple(
        CommunityRecord(c.key, c.name, c.district, c.street, c.latitude, c.longitude)
        for c in Community.objects.order_by("pk")
    )


def _community_keys() -> dict[int, str]:
    return dict(Community.objects.values_list("pk", "key"))


def _college(**parts: Iterable[Any]) -> CollegeRecords:
    """The records to load: the parts given, the whole activity catalogue, and groups' and teachers' activities
    kept from the database where the rows do not name them (the spreadsheets have no column for them)."""
    empty: dict[str, tuple[()]] = {
        name: () for name in ("venues", "teachers", "groups", "residents", "interests", "activity_wishes")
    }
    given = {name: tuple(values) for name, values in parts.items()}
    current = read_current_activities()
    given["groups"] = tuple(
        dataclasses.replace(g, activity=g.activity or current.groups.get(g.key, "")) for g in given.get("groups", ())
    )
    given["teachers"] = tuple(
        dataclasses.replace(t, activities=t.activities or current.teachers.get(t.key, ()))
        for t in given.get("teachers", ())
    )
    return CollegeRecords(
        name=College.current_name(), communities=_communities(), activities=current.catalogue, **(empty | given)
    )


@dataclass(frozen=True)
class CurrentActivities:
    catalogue: tuple[ActivityRecord, ...]
    groups: dict[str, str]  # group key → activity key
    teachers: dict[str, tuple[str, ...]]  # teacher key → activity keys


def read_current_activities() -> CurrentActivities:
    catalogue = read_activities()
    groups = dict(InterestGroup.objects.filter(activity__isnull=False).values_list("key", "activity__key"))
    teachers: dict[str, list[str]] = {}
    for teacher, activity in Teacher.activities.through.objects.order_by("pk").values_list(
        "teacher__key", "activity__key"
    ):
        teachers.setdefault(teacher, []).append(activity)
    return CurrentActivities(catalogue, groups, {t: tuple(a) for t, a in teachers.items()})


def _keyed(records: Iterable[Any]) -> dict[str, Any]:
    return {r.key: r for r in records}


ANSWERS_AT_ONCE = 5000  # residents' keys one statement names: far below SQLite's limit of variables


def _current_answers(lookups: Lookups, keys: list[str]) -> dict[str, SurveyAnswer]:
    """The answers of the residents an import's rows name, read a slice of their keys at a time."""
    found: dict[str, SurveyAnswer] = {}
    for first in range(0, len(keys), ANSWERS_AT_ONCE):
        found.update(survey_answers(Resident.objects.filter(key__in=keys[first : first + ANSWERS_AT_ONCE])))
    return found


def survey_answers(residents: QuerySet[Resident]) -> dict[str, SurveyAnswer]:
    """The survey answers of ``residents`` by key, their rows read with it as a subquery, never a list of ids."""
    community = _community_keys()
    chosen = residents.values("pk")
    people = list(residents.order_by("pk").values_list("pk", "key", "name", "community_id", "age_band"))
    free: dict[int, list[Window]] = {pk: [] for pk, *_ in people}
    for owner, day, start, end in (
        FreeTime.objects.filter(resident__in=chosen)
        .order_by("pk")
        .values_list("resident_id", "weekday", "start", "end")
    ):
        free[owner].append(Window(day, start, end))
    interests: dict[int, list[tuple[str, str, int | None]]] = {pk: [] for pk, *_ in people}
    for owner, group, kind, rank in Interest.objects.filter(resident__in=chosen).values_list(
        "resident_id", "group__key", "kind", "rank"
    ):
        interests[owner].append((group, kind, rank))
    activities: dict[int, tuple[str, ...]] = {}
    for owner, activity in (
        ActivityWish.objects.filter(resident__in=chosen)
        .order_by("rank", "pk")
        .values_list("resident_id", "activity__key")
    ):
        activities[owner] = (*activities.get(owner, ()), activity)
    found = {}
    for pk, key, name, community_id, age_band in people:
        windows = tuple(sorted(free[pk], key=lambda w: (w.weekday, w.start, w.end)))
        enrolled = tuple(sorted(g for g, kind, _rank in interests[pk] if kind == InterestKind.ENROLLED))
        wishes = sorted((rank or 0, g) for g, kind, rank in interests[pk] if kind == InterestKind.WISHED)
        wished = tuple(g for _rank, g in wishes)
        record = ResidentRecord(key, name, community[community_id], age_band, windows)
        found[key] = SurveyAnswer(record, enrolled, wished, activities.get(pk, ()))
    return found


def _survey_records(answers: list[SurveyAnswer], lookups: Lookups) -> CollegeRecords:
    community = _community_keys()
    interests = [InterestRecord(a.key, g, InterestKind.ENROLLED.value) for a in answers for g in a.enrolled]
    interests += [
        InterestRecord(a.key, g, InterestKind.WISHED.value, rank) for a in answers for rank, g in enumerate(a.wished, 1)
    ]
    wishes = [
        ActivityWishRecord(a.key, activity, len(a.wished) + n, (a.resident.community,))
        for a in answers
        for n, activity in enumerate(a.activities, 1)
    ]
    return _college(
        teachers=read_teachers(community),
        groups=read_groups(community),
        residents=[a.resident for a in answers],
        interests=interests,
        activity_wishes=wishes,
    )


def _normalised(record: Any) -> Any:
    """A record as compared: weekly windows in time order, enrolments in any order (rows list them freely)."""
    if isinstance(record, SurveyAnswer):
        resident = _normalised(record.resident)
        return SurveyAnswer(resident, tuple(sorted(record.enrolled)), record.wished, record.activities)
    if isinstance(record, GroupRecord):
        record = dataclasses.replace(record, activity="")  # no column: the current activity is kept
    if isinstance(record, TeacherRecord):
        record = dataclasses.replace(record, activities=())
    windows = {
        f.name: tuple(sorted(getattr(record, f.name), key=lambda w: (w.weekday, w.start, w.end)))
        for f in dataclasses.fields(record)
        if f.name in ("opening", "availability", "preferred", "free")
    }
    return dataclasses.replace(record, **windows)


KINDS: dict[str, ImportKind] = {
    "teachers": ImportKind(
        "teachers", "教师", kinds.TEACHER_COLUMNS, kinds.teacher_row, kinds.teacher_cells,
        lambda lookups, keys: _keyed(read_teachers(_community_keys())),
        lambda rows, lookups: _college(teachers=rows),
    ),
    "venues": ImportKind(
        "venues", "场地", kinds.VENUE_COLUMNS, kinds.venue_row, kinds.venue_cells,
        lambda lookups, keys: _keyed(read_venues(_community_keys())),
        lambda rows, lookups: _college(venues=rows),
    ),
    "groups": ImportKind(
        "groups", "兴趣小组", kinds.GROUP_COLUMNS, kinds.group_row, kinds.group_cells,
        lambda lookups, keys: _keyed(read_groups(_community_keys())),
        lambda rows, lookups: _college(teachers=read_teachers(_community_keys()), groups=rows),
    ),
    "survey": ImportKind(
        "survey", "点单问卷", kinds.SURVEY_COLUMNS, kinds.survey_row, kinds.survey_cells,
        _current_answers, _survey_records,
    ),
}  # fmt: skip


def _header_problems(kind: ImportKind, table: Table) -> list[RowProblem]:
    known = set(kind.headers)
    problems = [
        RowProblem(1, c.header, _("The column “%(column)s” is missing.") % {"column": c.header})
        for c in kind.columns
        if c.required and c.header not in table.headers
    ]
    listed = "、".join(kind.headers)
    return problems + [
        RowProblem(
            1, h, _("Unknown column “%(column)s”; the columns are: %(listed)s.") % {"column": h, "listed": listed}
        )
        for h in table.headers
        if h not in known
    ]


def check_rows(kind: ImportKind, table: Table, lookups: Lookups) -> tuple[list[tuple[int, Any]], list[RowProblem]]:
    """Every row as a record, and every problem of every row (nothing stops at the first)."""
    problems = _header_problems(kind, table)
    if problems:
        return [], problems
    parsed: list[tuple[int, Any]] = []
    first_row: dict[str, int] = {}
    key_header = kind.columns[0].header
    for number, row in table.rows:
        record, row_problems = kind.parse(row, lookups)
        problems += [RowProblem(number, column, message) for column, message in row_problems]
        key = row.get(key_header, "")
        if key in first_row:
            message = _("The key “%(key)s” is already used in row %(row)s.") % {"key": key, "row": first_row[key]}
            problems.append(RowProblem(number, key_header, message))
        first_row.setdefault(key, number)
        if record is not None and not row_problems:
            parsed.append((number, record))
    order = {header: index for index, header in enumerate(kind.headers)}
    return parsed, sorted(problems, key=lambda p: (p.row, order.get(p.column, -1)))


def import_table(
    kind_name: str, data: bytes, filename: str, *, dry_run: bool = True, communities: Iterable[int] | None = None
) -> ImportReport:
    """Check a spreadsheet and, unless ``dry_run`` or any row has a problem, write it in one transaction.

    ``communities`` limits the communities rows may belong to (None: all). Raises ``TableError`` when the
    file is not a table at all.
    """
    kind = KINDS[kind_name]
    table = read_table(data, filename)
    lookups = Lookups.load(communities)
    parsed, problems = check_rows(kind, table, lookups)
    report = ImportReport(kind=kind_name, dry_run=dry_run, problems=problems)
    current = kind.current(lookups, [r.key for _n, r in parsed])
    parsed, foreign = _within_reach(parsed, current, lookups)
    problems = sorted(
        problems + [RowProblem(n, kind.columns[0].header, _key_taken(k)) for n, k in foreign], key=lambda p: p.row
    )
    report.problems, report.problem_count = problems[:MAX_PROBLEMS], len(problems)
    for number, record in parsed:
        existing = current.get(record.key)
        action = (
            "create" if existing is None else "unchanged" if _normalised(existing) == _normalised(record) else "update"
        )
        report.rows.append(RowOutcome(number, record.key, action))
    if dry_run or problems or not any(r.action != "unchanged" for r in report.rows):
        return report
    records = [record for _n, record in parsed]
    with transaction.atomic():
        if kind_name == "survey":
            _forget_old_answers(records)
        report.load = load_college(kind.records(records, lookups))
        if report.load.changed and kind_name == "survey":  # bulk writes send no signals: picks may differ
            next_generation()
        elif report.load.changed:  # names and places in every feed may differ
            feeds_changed(None)
    report.written = True
    return report


def _owner(record: Any) -> str:
    """The community key a record (or a survey answer's resident) belongs to."""
    return record.resident.community if isinstance(record, SurveyAnswer) else record.community


def _within_reach(
    parsed: list[tuple[int, Any]], current: dict[str, Any], lookups: Lookups
) -> tuple[list[tuple[int, Any]], list[tuple[int, str]]]:
    """Rows whose key belongs to a community the importer may not change are refused: (kept, refused keys)."""
    if lookups.allowed is None:
        return parsed, []
    kept, refused = [], []
    for number, record in parsed:
        existing = current.get(record.key)
        if existing is None or may_change_key(lookups, _owner(existing)):
            kept.append((number, record))
        else:
            refused.append((number, record.key))
    return kept, refused


def may_change_key(lookups: Lookups, community_key: str) -> bool:
    return Scope(community_ids=lookups.allowed or frozenset()).may_change(lookups.communities.id(community_key))


def _key_taken(key: str) -> str:
    """Says only that the key cannot be used: not whose it is, nor what the row holds."""
    return _("The key “%(key)s” cannot be used here; choose another key.") % {"key": key}


def _forget_old_answers(answers: list[SurveyAnswer]) -> None:
    """A resident's new answers replace the old: interests the new answers do not name are removed."""
    named = {a.key: set(a.enrolled) | set(a.wished) for a in answers}
    rows = Interest.objects.filter(resident__key__in=list(named)).values_list("pk", "resident__key", "group__key")
    stale = [pk for pk, resident, group in rows if group not in named[resident]]
    Interest.objects.filter(pk__in=stale).delete()
