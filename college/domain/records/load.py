"""Write a college's plain records to the database and read them back.

``load_college`` is idempotent by natural key: entities are matched on ``key`` (interests on
resident + group, windows and closures as their owner's whole list), created when new, updated when
different, left alone when equal. It never deletes an entity the records do not mention; an owner's
windows and a term's closures are replaced as a whole when they differ. Everything happens in one
transaction with bulk operations and a fixed number of queries per table, so a district
(250,000 residents, ~750,000 interests) loads without per-row queries.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from college.domain.records.check import RecordsError, check_records
from college.domain.records.read import read_college
from college.domain.records.types import (
    ActivityRecord,
    CollegeRecords,
    CommunityRecord,
    GroupRecord,
    InterestRecord,
    ResidentRecord,
    TeacherRecord,
    TermRecord,
    VenueRecord,
    Window,
)
from college.models import (
    Activity,
    ActivityWish,
    Closure,
    College,
    Community,
    FreeTime,
    Interest,
    InterestGroup,
    MakeUpDay,
    PreferredWindow,
    Resident,
    Teacher,
    TeacherAvailability,
    Term,
    Venue,
    VenueOpening,
)
from college.models.activities import pinyin_initials

BATCH = 2000  # rows per fetch when reading existing rows
ROWS_PER_BATCH = 10_000  # rows per executemany call
_PLAIN_FIELDS = (models.IntegerField, models.CharField, models.BooleanField, models.FloatField, models.ForeignKey)
UPDATE_BATCH = 500  # bulk_update builds CASE expressions: keep them small
WINDOW_FIELDS = ("weekday", "start", "end")

__all__ = ["Counts", "LoadReport", "RecordsError", "load_college", "read_college"]


@dataclass
class Counts:
    """Rows of one table that the load created, updated, left unchanged or deleted (replaced windows)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class LoadReport:
    counts: dict[str, Counts] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def table(self, name: str) -> Counts:
        return self.counts.setdefault(name, Counts())

    def lines(self) -> list[str]:
        width = max((len(name) for name in self.counts), default=0)
        return [
            f"{name:<{width}}  created {c.created:>7}  updated {c.updated:>7}  unchanged {c.unchanged:>7}"
            + (f"  replaced {c.deleted}" if c.deleted else "")
            for name, c in self.counts.items()
        ]


def load_college(records: CollegeRecords) -> LoadReport:
    """Write ``records`` in one transaction; a second load of the same records changes nothing."""
    problems = check_records(records)
    if problems:
        raise RecordsError(problems)
    began = time.perf_counter()
    report = LoadReport()
    with transaction.atomic():
        _load_college_name(records.name, report.table("college"))
        communities = _sync_keyed(
            Community, {c.key: _community_values(c) for c in records.communities}, report.table("communities")
        )
        activities = _sync_keyed(
            Activity, {a.key: _activity_values(a) for a in records.activities}, report.table("activities")
        )
        teachers = _load_venues_and_teachers(records, communities, report)
        _load_groups_and_residents(records, Ids(communities, teachers, activities), report)
        teaching = {teachers[t.key]: [(activities[a],) for a in t.activities] for t in records.teachers}
        _sync_owned(
            Teacher.activities.through, "teacher_id", teaching, report.table("teachers' activities"), ("activity_id",)
        )
        terms = _sync_keyed(Term, {t.key: _term_values(t) for t in records.terms}, report.table("terms"))
        closures = {terms[t.key]: [(d,) for d in t.closures] for t in records.terms}
        _sync_owned(Closure, "term_id", closures, report.table("closures"), ("date",))
        make_ups = {terms[t.key]: list(t.make_up_days) for t in records.terms}
        _sync_owned(MakeUpDay, "term_id", make_ups, report.table("make-up days"), ("date", "weekday"))
    report.seconds = time.perf_counter() - began
    return report


def _load_venues_and_teachers(
    records: CollegeRecords, communities: dict[str, int], report: LoadReport
) -> dict[str, int]:
    venues = _sync_keyed(Venue, {v.key: _venue_values(v, communities) for v in records.venues}, report.table("venues"))
    openings = {venues[v.key]: _windows(v.opening) for v in records.venues}
    _sync_owned(VenueOpening, "venue_id", openings, report.table("venue openings"))
    teachers = _sync_keyed(
        Teacher, {t.key: _teacher_values(t, communities) for t in records.teachers}, report.table("teachers")
    )
    availability = {teachers[t.key]: _windows(t.availability) for t in records.teachers}
    _sync_owned(TeacherAvailability, "teacher_id", availability, report.table("teacher availability"))
    return teachers


@dataclass(frozen=True)
class Ids:
    """Row ids by natural key of what groups, residents and wishes refer to."""

    communities: dict[str, int]
    teachers: dict[str, int]
    activities: dict[str, int]


def _load_groups_and_residents(records: CollegeRecords, ids: Ids, report: LoadReport) -> None:
    communities = ids.communities
    group_values = {g.key: _group_values(g, ids) for g in records.groups}
    groups = _sync_keyed(InterestGroup, group_values, report.table("interest groups"))
    preferred = {groups[g.key]: _windows(g.preferred) for g in records.groups}
    _sync_owned(PreferredWindow, "group_id", preferred, report.table("preferred windows"))
    resident_values = {r.key: _resident_values(r, communities) for r in records.residents}
    residents = _sync_keyed(Resident, resident_values, report.table("residents"))
    free = {residents[r.key]: _windows(r.free) for r in records.residents}
    _sync_owned(FreeTime, "resident_id", free, report.table("free-time windows"))
    _sync_interests(records.interests, residents, groups, report.table("interests"))
    _sync_activity_wishes(records, ids, residents, report)


def _sync_activity_wishes(records: CollegeRecords, ids: Ids, residents: dict[str, int], report: LoadReport) -> None:
    """Each listed resident's activity wishes, then each wish's communities within reach, as whole lists."""
    wanted: dict[int, list[tuple[Any, ...]]] = {residents[r.key]: [] for r in records.residents}
    for w in records.activity_wishes:
        wanted[residents[w.resident]].append((ids.activities[w.activity], w.rank))
    _sync_owned(ActivityWish, "resident_id", wanted, report.table("activity wishes"), ("activity_id", "rank"))
    wish = {
        (r, a): pk for pk, r, a in ActivityWish.objects.values_list("pk", "resident_id", "activity_id").iterator(BATCH)
    }
    reach = {
        wish[(residents[w.resident], ids.activities[w.activity])]: [(ids.communities[c],) for c in w.communities]
        for w in records.activity_wishes
    }
    _sync_owned(ActivityWish.reach.through, "activitywish_id", reach, report.table("wishes' reach"), ("community_id",))


def _load_college_name(name: str, counts: Counts) -> None:
    college = College.objects.order_by("pk").first()
    if college is None:
        College.objects.create(name=name)
        counts.created += 1
    elif college.name != name:
        College.objects.filter(pk=college.pk).update(name=name)
        counts.updated += 1
    else:
        counts.unchanged += 1


def _community_values(c: CommunityRecord) -> dict[str, Any]:
    return {
        "name": c.name,
        "district": c.district,
        "street": c.street,
        "latitude": c.latitude,
        "longitude": c.longitude,
    }


def _activity_values(a: ActivityRecord) -> dict[str, Any]:
    return {
        "name": a.name,
        "category": a.category,
        "synonyms": " ".join(a.synonyms),
        "initials": pinyin_initials(a.name, *a.synonyms),
        "description": a.description,
    }


def _venue_values(v: VenueRecord, communities: dict[str, int]) -> dict[str, Any]:
    return {
        "community_id": communities[v.community],
        "name": v.name,
        "kind": v.kind,
        "address": v.address,
        "capacity": v.capacity,
        "indoor": v.indoor,
        "step_free": v.step_free,
        "facilities": list(v.facilities),
    }


def _teacher_values(t: TeacherRecord, communities: dict[str, int]) -> dict[str, Any]:
    return {
        "name": t.name,
        "community_id": communities[t.community],
        "phone": t.phone,
        "skills": list(t.skills),
        "max_sessions_per_week": t.max_sessions_per_week,
        "volunteer": t.volunteer,
    }


def _group_values(g: GroupRecord, ids: Ids) -> dict[str, Any]:
    return {
        "name": g.name,
        "category": g.category,
        "audience": g.audience,
        "community_id": ids.communities[g.community],
        "teacher_id": ids.teachers[g.teacher],
        "sessions_per_week": g.sessions_per_week,
        "session_minutes": g.session_minutes,
        "min_size": g.min_size,
        "max_size": g.max_size,
        "facilities": list(g.facilities),
        "step_free": g.step_free,
        "registered": g.registered,
        "description": g.description,
        "activity_id": ids.activities[g.activity] if g.activity else None,
    }


def _resident_values(r: ResidentRecord, communities: dict[str, int]) -> dict[str, Any]:
    return {"name": r.name, "community_id": communities[r.community], "age_band": r.age_band}


def _term_values(t: TermRecord) -> dict[str, Any]:
    return {
        "name": t.name,
        "first_day": t.first_day,
        "last_day": t.last_day,
        "slot_starts": list(t.slot_starts),
        "session_lengths": list(t.session_lengths),
    }


def _windows(windows: Iterable[Window]) -> list[tuple[int, int, int]]:
    return [(w.weekday, w.start, w.end) for w in windows]


def _insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert many rows without building a model instance per row (most of ``bulk_create``'s time at scale).

    PostgreSQL gets one ``COPY … FROM STDIN`` per table; other databases (SQLite) get batched ``executemany``.
    Values of fields other than plain numbers, strings and booleans (dates, JSON) go through the field's
    own ``get_db_prep_save``, and fields not given get their defaults, as the ORM would do.
    """
    fields = [model._meta.get_field(column) for column in columns]
    omitted = [f for f in model._meta.concrete_fields if not f.primary_key and f not in fields]
    defaults = tuple(f.get_default() for f in omitted)  # what the ORM would write for fields not given
    fields += omitted
    preps = [None if isinstance(f, _PLAIN_FIELDS) else f for f in fields]
    prepared: Iterable[tuple[Any, ...]] = ((*row, *defaults) for row in rows)
    if any(preps):
        prepared = (tuple(_prep(v, f) for v, f in zip(row, preps, strict=True)) for row in prepared)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        for batch in itertools.batched(prepared, ROWS_PER_BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _prep(value: Any, field: models.Field | None) -> Any:
    return value if field is None else field.get_db_prep_save(value, connection)


def _sync_keyed(model: type[models.Model], wanted: dict[str, dict[str, Any]], counts: Counts) -> dict[str, int]:
    """Create or update rows of ``model`` matched on ``key``; return key → id for every wanted key."""
    if not wanted:
        return {}
    fields = list(next(iter(wanted.values())))
    existing = {row[0]: row[1:] for row in model.objects.values_list("key", "pk", *fields).iterator(chunk_size=BATCH)}
    ids: dict[str, int] = {}
    new: list[tuple[Any, ...]] = []
    changed: list[models.Model] = []
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            new.append((key, *values.values()))
            continue
        ids[key] = row[0]
        if tuple(values.values()) != tuple(row[1:]):
            changed.append(model(pk=row[0], key=key, **values))
    if new:
        _insert_rows(model, ["key", *fields], new)
        ids = dict(model.objects.values_list("key", "pk").iterator(chunk_size=BATCH))
    if changed:
        model.objects.bulk_update(changed, [model._meta.get_field(f).name for f in fields], batch_size=UPDATE_BATCH)
    counts.created += len(new)
    counts.updated += len(changed)
    counts.unchanged += len(wanted) - len(new) - len(changed)
    return ids


def _sync_owned(
    model: type[models.Model],
    owner: str,
    wanted: dict[int, list[tuple[Any, ...]]],
    counts: Counts,
    fields: Sequence[str] = WINDOW_FIELDS,
) -> None:
    """Make each owner's rows (windows, closures, make-up days) equal the wanted list, replacing it when it differs."""
    existing: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in model.objects.order_by("pk").values_list(owner, *fields).iterator(chunk_size=BATCH):
        existing[row[0]].append(row[1:])
    stale = [o for o, rows in wanted.items() if o in existing and existing[o] != rows]
    for start in range(0, len(stale), BATCH):
        model.objects.filter(**{f"{owner}__in": stale[start : start + BATCH]}).delete()
    counts.deleted += sum(len(existing[o]) for o in stale)
    new = [(o, *values) for o, rows in wanted.items() if existing.get(o, []) != rows for values in rows]
    counts.created += _insert_rows(model, [owner, *fields], new)
    counts.unchanged += sum(len(rows) for o, rows in wanted.items() if existing.get(o, []) == rows)


def _sync_interests(
    interests: Sequence[InterestRecord], residents: dict[str, int], groups: dict[str, int], counts: Counts
) -> None:
    existing = {
        (r, g): (pk, kind, rank)
        for pk, r, g, kind, rank in Interest.objects.values_list(
            "pk", "resident_id", "group_id", "kind", "rank"
        ).iterator(chunk_size=BATCH)
    }
    new: list[tuple[int, int, str, int | None]] = []
    changed: list[Interest] = []
    for i in interests:
        pair = (residents[i.resident], groups[i.group])
        row = existing.get(pair)
        if row is None:
            new.append((*pair, i.kind, i.rank))
        elif row[1:] != (i.kind, i.rank):
            changed.append(Interest(pk=row[0], resident_id=pair[0], group_id=pair[1], kind=i.kind, rank=i.rank))
    _insert_rows(Interest, ["resident_id", "group_id", "kind", "rank"], new)
    Interest.objects.bulk_update(changed, ["kind", "rank"], batch_size=UPDATE_BATCH)
    counts.created += len(new)
    counts.updated += len(changed)
    counts.unchanged += len(interests) - len(new) - len(changed)
