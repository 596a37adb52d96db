from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from college.domain.records import types as records
from college.models import (
    AgeBand,
    Audience,
    Category,
    Closure,
    Community,
    Facility,
    Interest,
    InterestGroup,
    InterestKind,
    PreferredWindow,
    Resident,
    Teacher,
    Term,
    Timetable,
    Venue,
    VenueKind,
    VenueOpening,
)
from tests.college.factories import load_tiny_college, make_timetable_with_session

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in found] for field, found in error.message_dict.items()}


def refused(instance: object, language: str = "en") -> dict[str, list[str]]:
    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            instance.full_clean()  # type: ignore[attr-defined]
        return messages(caught.value)


def database_refuses(instance: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()  # type: ignore[attr-defined]


@pytest.fixture
def college() -> None:
    load_tiny_college()


def test_choices_match_the_plain_records() -> None:
    assert tuple(Category.values) == records.CATEGORIES
    assert tuple(Audience.values) == records.AUDIENCES
    assert tuple(VenueKind.values) == records.VENUE_KINDS
    assert tuple(Facility.values) == records.FACILITIES
    assert tuple(AgeBand.values) == records.AGE_BANDS
    assert tuple(InterestKind.values) == records.INTEREST_KINDS


def test_venue_window_ending_before_it_starts_is_refused(college: None) -> None:
    window = VenueOpening(venue=Venue.objects.get(key="xz-plaza"), weekday=0, start=600, end=540)
    assert refused(window) == {"end": ["An opening window must end after it starts."]}
    database_refuses(window)


def test_window_weekday_beyond_sunday_is_refused_by_the_database(college: None) -> None:
    window = VenueOpening(venue=Venue.objects.get(key="xz-plaza"), weekday=7, start=540, end=600)
    assert list(refused(window)) == ["weekday"]
    database_refuses(window)


def test_venue_with_negative_capacity_is_refused(college: None) -> None:
    venue = Venue.objects.get(key="xz-plaza")
    venue.capacity = -5
    assert refused(venue) == {"capacity": ["A venue's capacity must be at least 1 person."]}
    database_refuses(venue)


def test_venue_with_unknown_facility_is_refused_naming_it(college: None) -> None:
    venue = Venue.objects.get(key="xz-plaza")
    venue.facilities = ["piano", "jacuzzi", "piano"]
    assert refused(venue)["facilities"] == [
        "Unknown facility “jacuzzi”; choose from: " + ", ".join(records.FACILITIES) + ".",
        "facility “piano” is listed twice.",
    ]


def test_group_longer_than_any_slot_is_refused(college: None) -> None:
    group = InterestGroup.objects.get(key="taichi")
    group.session_minutes = 150
    assert refused(group) == {
        "session_minutes": [
            "A 150-minute session is longer than any slot: terms allow sessions of 60, 90, 120 minutes."
        ]
    }


def test_group_length_between_allowed_lengths_is_refused(college: None) -> None:
    group = InterestGroup.objects.get(key="taichi")
    group.session_minutes = 75
    assert refused(group) == {
        "session_minutes": [
            "A 75-minute session does not fit the slot grid: terms allow sessions of 60, 90, 120 minutes."
        ]
    }


def test_group_length_offered_by_a_term_is_accepted(college: None) -> None:
    Term.objects.filter(key="2025-autumn").update(session_lengths=[60, 90, 120, 150])
    group = InterestGroup.objects.get(key="taichi")
    group.session_minutes = 150
    group.full_clean()


def test_group_with_minimum_above_maximum_is_refused(college: None) -> None:
    group = InterestGroup.objects.get(key="taichi")
    group.min_size, group.max_size = 30, 25
    assert refused(group) == {"max_size": ["The maximum size (25) must not be smaller than the minimum size (30)."]}
    database_refuses(group)


def test_group_meeting_eight_times_a_week_is_refused(college: None) -> None:
    group = InterestGroup.objects.get(key="taichi")
    group.sessions_per_week = 8
    assert refused(group) == {"sessions_per_week": ["A group meets 1 to 7 times a week (at most once a day)."]}
    database_refuses(group)


def test_group_with_zero_length_is_refused_by_the_database(college: None) -> None:
    group = InterestGroup.objects.get(key="taichi")
    group.session_minutes = 0
    assert refused(group) == {"session_minutes": ["A session must last at least 1 minute."]}
    database_refuses(group)


def test_teacher_with_unknown_skill_and_no_sessions_is_refused(college: None) -> None:
    teacher = Teacher.objects.get(key="wang")
    teacher.skills, teacher.max_sessions_per_week = ["sports", "cooking"], 0
    assert refused(teacher) == {
        "skills": ["Unknown skill “cooking”; choose from: sports, culture, arts, technology, other."],
        "max_sessions_per_week": ["A teacher must be able to teach at least 1 session a week."],
    }
    database_refuses(teacher)


def test_term_ending_before_it_starts_is_refused(college: None) -> None:
    term = Term(key="backwards", name="倒着的学期", first_day=dt.date(2026, 3, 1), last_day=dt.date(2026, 2, 1))
    assert refused(term) == {"last_day": ["The last day of a term must not be before its first day."]}
    database_refuses(term)


def test_term_with_unordered_slots_and_bad_lengths_is_refused(college: None) -> None:
    term = Term.objects.get(key="2025-autumn")
    term.slot_starts, term.session_lengths = [600, 540], [0, 90]
    assert refused(term) == {
        "slot_starts": ["Slot start times must be in increasing order without repeats."],
        "session_lengths": ["Session lengths: 0 is outside 1–1440."],
    }


def test_term_slot_running_past_midnight_is_refused(college: None) -> None:
    term = Term.objects.get(key="2025-autumn")
    term.slot_starts = [540, 1400]
    assert refused(term) == {"slot_starts": ["A session starting at 23:20 would run past midnight."]}


def test_closure_outside_its_term_is_refused(college: None) -> None:
    closure = Closure(term=Term.objects.get(key="2025-autumn"), date=dt.date(2026, 2, 1))
    assert refused(closure) == {"date": ["2026-02-01 is outside the term (2025-09-01 – 2026-01-16)."]}


def test_enrolment_with_a_rank_is_refused(college: None) -> None:
    interest = Interest.objects.get(resident__key="r1", group__key="taichi")
    interest.rank = 2
    assert refused(interest) == {"rank": ["Only wished groups have a rank; leave it empty for an enrolment."]}


def test_second_interest_in_the_same_group_is_refused_by_the_database(college: None) -> None:
    interest = Interest.objects.get(resident__key="r1", group__key="taichi")
    interest.pk = None
    database_refuses(interest)


def test_second_published_timetable_of_a_term_is_refused(college: None) -> None:
    make_timetable_with_session(version=1, status="published")
    second = Timetable(term=Term.objects.get(key="2025-autumn"), version=2, status="published")
    assert refused(second) == {
        "status": ["This term already has a published timetable; archive it before publishing another."]
    }
    database_refuses(second)
    second.status = "draft"
    second.save()
    assert Timetable.next_version(second.term) == 3


def test_community_with_half_a_location_is_refused(college: None) -> None:
    community = Community.objects.get(key="dazhu")
    community.latitude = 29.5
    assert refused(community) == {"__all__": ["Give both latitude and longitude, or neither."]}


def test_validation_messages_are_chinese_by_default(college: None) -> None:
    window = VenueOpening(venue=Venue.objects.get(key="xz-plaza"), weekday=0, start=600, end=540)
    assert refused(window, "zh-hans") == {"end": ["开放时间的结束时间必须晚于开始时间。"]}


def test_feed_token_is_stored_hashed_and_found_by_its_raw_value(college: None) -> None:
    resident = Resident.objects.get(key="r1")
    raw = resident.rotate_feed_token()
    stored = Resident.objects.get(key="r1").feed_token_hash
    assert len(raw) >= 22 and raw not in stored and len(stored) == 64
    assert Resident.by_feed_token(raw) == resident
    assert Resident.by_feed_token(raw + "x") is None
    assert Resident.by_feed_token("") is None


def test_rotated_feed_token_stops_the_old_link(college: None) -> None:
    teacher = Teacher.objects.get(key="wang")
    old = teacher.rotate_feed_token()
    new = teacher.rotate_feed_token()
    assert new != old
    assert Teacher.by_feed_token(old) is None
    assert Teacher.by_feed_token(new) == teacher
    teacher.revoke_feed_token()
    assert Teacher.by_feed_token(new) is None


def test_preferred_window_too_short_for_one_session_is_refused(college: None) -> None:
    window = PreferredWindow(group=InterestGroup.objects.get(key="tea"), weekday=2, start=19 * 60, end=20 * 60)
    assert refused(window) == {"end": ["This window lasts 60 minutes and cannot hold one 120-minute session."]}


def test_session_number_beyond_the_weekly_count_is_refused(college: None) -> None:
    session = make_timetable_with_session().sessions.get()
    session.number = 3
    assert refused(session) == {"number": ["太极班 meets 2 times a week; there is no session number 3."]}
    session.number, session.end = 1, session.start
    assert refused(session) == {"end": ["A session must end after it starts."]}
    database_refuses(session)
