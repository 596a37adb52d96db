"""A tiny hand-written college and helpers that build model rows for tests."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.contrib.auth.models import User

from college.domain.people import coordinators
from college.domain.people.self_service import count_new_calendar
from college.domain.records.load import load_college
from college.domain.records.types import (
    ActivityRecord,
    ActivityWishRecord,
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
    Community,
    InterestGroup,
    MakeUpDay,
    Proposal,
    ProposalJob,
    Resident,
    Session,
    SolveJob,
    SolvePart,
    Teacher,
    TeacherAbsence,
    Term,
    Timetable,
    Venue,
    VenueClosure,
)

MORNINGS = tuple(Window(day, 8 * 60, 12 * 60) for day in range(5))
EVENINGS = tuple(Window(day, 18 * 60, 21 * 60) for day in range(5)) + (Window(5, 9 * 60, 17 * 60),)


def tiny_records() -> CollegeRecords:
    """Two communities, three venues, two teachers, three groups, four residents, one autumn term, four
    activities (作业辅导 offered by no group, wished for by 小明)."""
    return CollegeRecords(
        name="小竹社区学院",
        communities=(
            CommunityRecord("xiaozhu", "小竹社区", "渝北区", "龙山街道", 29.6, 106.5),
            CommunityRecord("dazhu", "大竹社区", "渝北区", "龙塔街道"),
        ),
        venues=(
            VenueRecord("xz-elderly", "xiaozhu", "小竹养老服务中心", "elderly_care", "龙山路1号", 30, True, True,
                        ("tables", "tea_set"), MORNINGS),
            VenueRecord("xz-plaza", "xiaozhu", "小竹广场", "plaza", "龙山路2号", 80, False, True, (),
                        MORNINGS + EVENINGS),
            VenueRecord("dz-room", "dazhu", "大竹公司会议室", "company_room", "龙塔路9号", 20, True, False,
                        ("projector",), EVENINGS),
        ),
        teachers=(
            TeacherRecord("wang", "王老师", "xiaozhu", "13800000001", ("sports",), MORNINGS, 4, activities=("太极拳",)),
            TeacherRecord("li", "李老师", "dazhu", "13800000002", ("arts", "culture"), EVENINGS, 3, volunteer=False,
                          activities=("茶艺", "插画")),
        ),
        groups=(
            GroupRecord("taichi", "太极班", "sports", "elderly", "xiaozhu", "wang", 2, 90, 8, 25, step_free=True,
                        activity="太极拳"),
            GroupRecord("tea", "茶艺", "culture", "adults", "dazhu", "li", 1, 120, 5, 15, ("tea_set",),
                        preferred=(Window(2, 19 * 60, 21 * 60),), description="带茶杯", activity="茶艺"),
            GroupRecord("sketch", "插画", "arts", "all", "dazhu", "li", 1, 60, 4, 12, registered=False,
                        activity="插画"),
        ),
        residents=(
            ResidentRecord("r1", "张阿姨", "xiaozhu", "senior", MORNINGS),
            ResidentRecord("r2", "陈先生", "dazhu", "adult", EVENINGS),
            ResidentRecord("r3", "小明", "dazhu", "child", (Window(5, 9 * 60, 12 * 60),)),
            ResidentRecord("r4", "刘奶奶", "xiaozhu", "senior", ()),
        ),
        interests=(
            InterestRecord("r1", "taichi", "enrolled"),
            InterestRecord("r2", "tea", "enrolled"),
            InterestRecord("r2", "sketch", "wished", 1),
            InterestRecord("r3", "sketch", "wished", 2),
            InterestRecord("r4", "taichi", "wished", 1),
        ),
        terms=(
            TermRecord("2025-autumn", "2025年秋季学期", dt.date(2025, 9, 1), dt.date(2026, 1, 16),
                       closures=(dt.date(2025, 11, 12),)),
        ),
        activities=(
            ActivityRecord("太极拳", "太极拳", "sports", ("太极",)),
            ActivityRecord("茶艺", "茶艺", "culture"),
            ActivityRecord("插画", "插画", "arts"),
            ActivityRecord("作业辅导", "作业辅导", "culture", ("课后托管",)),
        ),
        activity_wishes=(ActivityWishRecord("r3", "作业辅导", 3, ("dazhu", "xiaozhu")),),  # no group offers it yet
    )  # fmt: skip


def replace_item(records: CollegeRecords, collection: str, index: int, **changes: object) -> CollegeRecords:
    """A copy of ``records`` with one record of one collection changed."""
    items = list(getattr(records, collection))
    items[index] = dataclasses.replace(items[index], **changes)
    return dataclasses.replace(records, **{collection: tuple(items)})


def load_tiny_college() -> CollegeRecords:
    records = tiny_records()
    load_college(records)
    return records


def make_timetable_with_session(version: int = 1, status: str = "draft") -> Timetable:
    """A timetable of the tiny term with one session of 太极班 (Monday 09:00–10:30, 小竹养老服务中心, 王老师)."""
    term = Term.objects.get(key="2025-autumn")
    timetable = Timetable.objects.create(term=term, version=version, status=status, solver_status="optimal")
    taichi = InterestGroup.objects.get(key="taichi")
    Session.objects.create(
        timetable=timetable,
        group=taichi,
        number=1,
        weekday=0,
        start=9 * 60,
        end=10 * 60 + 30,
        venue=taichi.community.venues.get(key="xz-elderly"),
        teacher=taichi.teacher,
    )
    return timetable


def make_workflow_rows(timetable: Timetable) -> None:
    """One row of each re-plan, solve-job and proposal model, a make-up day and a /my/ quota, for pages that list
    them."""
    term = timetable.term
    TeacherAbsence.objects.create(teacher=Teacher.objects.get(key="wang"), from_date=term.first_day, weekday=2)
    VenueClosure.objects.create(venue=Venue.objects.get(key="xz-plaza"), from_date=term.first_day, weekday=6)
    MakeUpDay.objects.create(term=term, date=dt.date(2025, 12, 13), weekday=0, reason="补周一的课")
    job = SolveJob.objects.create(term=term, time_limit=10, status="done", timetable=timetable, fan_out=True)
    SolvePart.objects.create(job=job, index=0, groups=["taichi"], status="done")
    count_new_calendar("203.0.113.5")
    make_proposal_rows()


def make_coordinator(username: str = "coordinator") -> User:
    """A coordinator login: staff, in the Coordinators group with every college permission."""
    user, _ = coordinators.make_coordinator(username, "pw-for-tests-only")
    return user


def make_link_rows() -> None:
    """One row of each group-linking model (cohort, apart and together sets, blocked window, start, venue)."""
    from college.models import AllowedVenue, ApartSet, BlockedWindow, Cohort, StartTime, TogetherSet

    taichi, tea = InterestGroup.objects.get(key="taichi"), InterestGroup.objects.get(key="tea")
    Cohort.objects.create(key="morning-regulars", name="晨练常客", max_gaps=1).groups.set([taichi, tea])
    ApartSet.objects.create(key="taichi-tea-apart", days=1).groups.set([taichi, tea])
    sketch = InterestGroup.objects.get(key="sketch")  # meets once a week, as tea does
    TogetherSet.objects.create(key="tea-sketch-together").groups.set([tea, sketch])
    BlockedWindow.objects.create(group=taichi, weekday=4, start=14 * 60, end=16 * 60)
    StartTime.objects.create(group=taichi, weekday=0, start=9 * 60)
    AllowedVenue.objects.create(group=taichi, venue=Venue.objects.get(key="xz-elderly"))


def make_proposal_rows(user: User | None = None) -> tuple[Proposal, Proposal]:
    """A proposal run over 大竹 with a pending proposal (作业辅导) and an accepted one whose group waits for 报备."""
    term = Term.objects.get(key="2025-autumn")
    job = ProposalJob.objects.create(term=term, created_by=user, openings=2, time_limit=5, status="done")
    dazhu = Community.objects.get(key="dazhu")
    job.communities.set([dazhu])
    shape = dict(job=job, activity=Activity.objects.get(key="作业辅导"), community=dazhu,
                 teacher=Teacher.objects.get(key="li"), venue=Venue.objects.get(key="dz-room"), weekdays=[5],
                 start=19 * 60, minutes=90, min_size=1, max_size=5, served=1, wished=1, sessions_left=1)  # fmt: skip
    pending = Proposal.objects.create(**shape)
    pending.residents.set(Resident.objects.filter(key="r3"))
    group = InterestGroup.objects.create(key="proposal-homework", name="作业辅导", category="culture",
                                         activity=shape["activity"], community=dazhu, teacher=shape["teacher"],
                                         registered=False)  # fmt: skip
    accepted = Proposal.objects.create(**shape, decision="accepted", group=group)
    return pending, accepted
