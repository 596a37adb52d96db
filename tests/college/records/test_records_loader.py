from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from college.domain.records.load import RecordsError, load_college, read_college
from college.domain.records.types import CollegeRecords, InterestRecord, Window
from college.models import ActivityWish, FreeTime, Interest, InterestGroup, MakeUpDay, Resident, Venue, VenueOpening
from tests.college.factories import load_tiny_college, replace_item, tiny_records

pytestmark = pytest.mark.django_db


def test_loaded_college_reads_back_equal_to_its_records() -> None:
    records = tiny_records()
    load_college(records)
    assert read_college() == records


def test_first_load_creates_every_row() -> None:
    report = load_college(tiny_records())
    created = {name: c.created for name, c in report.counts.items()}
    assert created == {
        "college": 1,
        "communities": 2,
        "activities": 4,
        "venues": 3,
        "venue openings": 5 + 5 + 6 + 6,
        "teachers": 2,
        "teacher availability": 5 + 6,
        "interest groups": 3,
        "preferred windows": 1,
        "residents": 4,
        "free-time windows": 5 + 6 + 1,
        "interests": 5,
        "activity wishes": 1,
        "wishes' reach": 2,
        "teachers' activities": 3,
        "terms": 1,
        "closures": 1,
        "make-up days": 0,
    }


def test_a_terms_make_up_days_load_read_back_and_are_replaced_as_a_list() -> None:
    records = replace_item(tiny_records(), "terms", 0, make_up_days=((dt.date(2025, 12, 13), 0),))
    assert load_college(records).counts["make-up days"].created == 1
    assert read_college() == records
    assert load_college(records).changed is False
    moved = replace_item(records, "terms", 0, make_up_days=((dt.date(2025, 12, 14), 2),))
    report = load_college(moved)
    assert (report.counts["make-up days"].deleted, report.counts["make-up days"].created) == (1, 1)
    assert list(MakeUpDay.objects.values_list("date", "weekday")) == [(dt.date(2025, 12, 14), 2)]
    twice = replace_item(records, "terms", 0, make_up_days=((dt.date(2025, 12, 13), 0), (dt.date(2025, 12, 13), 1)))
    with pytest.raises(RecordsError, match="make-up day 2025-12-13 is listed twice"):
        load_college(twice)


def test_second_load_of_same_records_changes_nothing() -> None:
    records = tiny_records()
    load_college(records)
    ids_before = sorted(VenueOpening.objects.values_list("pk", flat=True))
    again = load_college(records)
    assert again.changed is False
    assert {name: c.unchanged for name, c in again.counts.items()}["free-time windows"] == 12
    assert sorted(VenueOpening.objects.values_list("pk", flat=True)) == ids_before
    assert read_college() == records


def with_extra_residents(records: CollegeRecords, count: int) -> CollegeRecords:
    extra = tuple(dataclasses.replace(records.residents[0], key=f"extra{n}") for n in range(count))
    return dataclasses.replace(records, residents=records.residents + extra)


def test_query_count_does_not_grow_with_the_number_of_rows() -> None:
    records = tiny_records()
    load_college(records)
    with CaptureQueriesContext(connection) as two_hundred_new:
        load_college(with_extra_residents(records, 200))
    with CaptureQueriesContext(connection) as four_hundred_new:
        load_college(with_extra_residents(records, 600))
    assert Resident.objects.count() == 604
    assert len(four_hundred_new.captured_queries) == len(two_hundred_new.captured_queries)


def test_changed_venue_is_updated_in_place_and_its_windows_replaced() -> None:
    records = tiny_records()
    load_college(records)
    venue_pk = Venue.objects.get(key="dz-room").pk
    changed = replace_item(records, "venues", 2, capacity=25, opening=(Window(6, 9 * 60, 12 * 60),))
    report = load_college(changed)
    assert (report.counts["venues"].updated, report.counts["venues"].unchanged) == (1, 2)
    assert (report.counts["venue openings"].deleted, report.counts["venue openings"].created) == (6, 1)
    assert Venue.objects.get(key="dz-room").pk == venue_pk
    assert Venue.objects.get(key="dz-room").capacity == 25
    assert read_college() == changed


def test_changed_interest_kind_is_updated_not_duplicated() -> None:
    records = tiny_records()
    load_college(records)
    changed = replace_item(records, "interests", 2, kind="enrolled", rank=None)
    report = load_college(changed)
    assert report.counts["interests"].updated == 1
    assert Interest.objects.count() == 5
    assert Interest.objects.get(resident__key="r2", group__key="sketch").kind == "enrolled"


def test_load_leaves_rows_the_records_do_not_mention() -> None:
    records = tiny_records()
    load_college(records)
    fewer = dataclasses.replace(
        records, residents=records.residents[:1], interests=records.interests[:1], activity_wishes=()
    )
    load_college(fewer)
    assert Resident.objects.count() == 4
    assert FreeTime.objects.filter(resident__key="r2").count() == 6
    assert ActivityWish.objects.filter(resident__key="r3").count() == 1


def test_records_with_dangling_and_bad_values_are_refused_naming_each_problem() -> None:
    records = tiny_records()
    broken = replace_item(records, "venues", 0, community="nowhere", capacity=-5, facilities=("piano", "jacuzzi"))
    broken = replace_item(broken, "groups", 0, teacher="zhao", min_size=30)
    broken = dataclasses.replace(broken, interests=broken.interests + (InterestRecord("r9", "taichi", "wished", 0),))
    with pytest.raises(RecordsError) as refused:
        load_college(broken)
    assert refused.value.problems == [
        "venue 'xz-elderly': unknown community 'nowhere'",
        "venue 'xz-elderly': capacity -5 must be at least 1",
        "venue 'xz-elderly': unknown facility 'jacuzzi'; choose from piano, mirrors, tables, projector, kitchen, "
        "sports_floor, sound_system, blackboard, computers, tea_set, ping_pong_tables, badminton_court, stage, sink",
        "group 'taichi': unknown teacher 'zhao'",
        "group 'taichi': sizes 30–25 need 1 ≤ minimum ≤ maximum",
        "interest of resident 'r9' in group 'taichi': unknown resident",
        "interest of resident 'r9' in group 'taichi': rank 0 must be at least 1",
    ]
    assert InterestGroup.objects.count() == 0


def test_window_ending_before_it_starts_is_refused_before_anything_is_written() -> None:
    broken = replace_item(tiny_records(), "residents", 3, free=(Window(0, 600, 540),))
    with pytest.raises(RecordsError, match=r"resident 'r4': window 600–540 must end after it starts"):
        load_college(broken)
    assert Resident.objects.count() == 0


def test_reading_the_residents_of_some_groups_keeps_their_every_interest_and_wish(db: None) -> None:
    load_tiny_college()
    records = read_college(residents_of=("tea",))  # 陈先生 is enrolled in 茶艺 and wishes for 插画
    assert [r.key for r in records.residents] == ["r2"]
    assert sorted((i.resident, i.group) for i in records.interests) == [("r2", "sketch"), ("r2", "tea")]
    assert records.activity_wishes == ()
    assert len(records.groups) == 3 and len(records.venues) == 3
    wishing = read_college(residents_of=("sketch",))  # 插画: 陈先生 and 小明 (who also wishes for 作业辅导)
    assert [r.key for r in wishing.residents] == ["r2", "r3"]
    assert [(w.resident, w.activity) for w in wishing.activity_wishes] == [("r3", "作业辅导")]
    everyone = read_college().activity_wishes  # the chosen residents' wishes as a whole read has them, reach included
    assert wishing.activity_wishes == tuple(w for w in everyone if w.resident in ("r2", "r3"))
