"""A small college for the solve-and-publish workflow: two towns that share nothing, each easy to solve.

东湖 and 西山 have their own venues, teachers, groups and residents, so the term's problem splits into two
independent parts (the district fan-out tests rely on that). Every group has room to move, so a re-plan
after a change has a cheap way out and never needs to move an untouched session.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

from college.domain.problem.prepare import build_problem
from college.domain.records.load import load_college
from college.domain.records.types import (
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
from college.domain.solving import run_solve, start_solve
from college.domain.versions.timetables import saved_assignments
from college.models import SolveJob, Term, Timetable
from fixtures.generator import generate_college
from scheduler.verify.timetable import verify

WEEK = range(7)
DAY = tuple(Window(d, 8 * 60, 22 * 60) for d in WEEK)
WEEKDAY_DAYTIME = tuple(Window(d, 8 * 60, 18 * 60) for d in range(5))
TERM_KEY = "2026-spring"


def two_towns() -> CollegeRecords:
    def venue(key: str, town: str, name: str, capacity: int, facilities: tuple[str, ...] = ()) -> VenueRecord:
        return VenueRecord(key, town, name, "culture_centre", f"{name}路1号", capacity, True, True, facilities, DAY)

    def teacher(key: str, name: str, town: str, availability: tuple[Window, ...] = DAY) -> TeacherRecord:
        return TeacherRecord(key, name, town, "13800000000", ("sports", "arts", "culture"), availability, 6)

    def group(key: str, name: str, town: str, who: str, teacher: str, sessions: int, minutes: int) -> GroupRecord:
        return GroupRecord(key, name, "arts", who, town, teacher, sessions, minutes, 5, 20)

    residents = []
    interests = []
    for town, groups in (("east", ("taichi", "callig", "choir")), ("west", ("dance", "chess", "drones"))):
        for i in range(6):
            key = f"{town}-r{i}"
            residents.append(ResidentRecord(key, f"{town}居民{i}", town, "senior", DAY))
            interests += [InterestRecord(key, g, "enrolled") for g in groups[: 1 + i % 3]]
    return CollegeRecords(
        name="双镇社区学院",
        communities=(
            CommunityRecord("east", "东湖社区", "两江新区", "东湖街道"),
            CommunityRecord("west", "西山社区", "两江新区", "西山街道"),
        ),
        venues=(
            venue("east-hall", "east", "东湖文化中心", 40, ("tables",)),
            venue("east-room", "east", "东湖活动室", 25),
            venue("west-hall", "west", "西山文化站", 40, ("projector",)),
            venue("west-room", "west", "西山活动室", 25),
        ),
        teachers=(
            teacher("zhao", "赵老师", "east", WEEKDAY_DAYTIME),
            teacher("qian", "钱老师", "east"),
            teacher("sun", "孙老师", "west"),
            teacher("li", "李老师", "west"),
        ),
        groups=(
            group("taichi", "太极拳", "east", "elderly", "zhao", 2, 90),
            group("callig", "书法", "east", "elderly", "zhao", 1, 120),
            group("choir", "合唱", "east", "all", "qian", 1, 90),
            group("dance", "舞蹈", "west", "elderly", "sun", 2, 90),
            group("chess", "象棋", "west", "all", "li", 1, 60),
            group("drones", "无人机", "west", "all", "li", 1, 120),
        ),
        residents=tuple(residents),
        interests=tuple(interests),
        terms=(TermRecord(TERM_KEY, "2026年春季学期", dt.date(2026, 3, 2), dt.date(2026, 7, 3)),),
    )


def load_two_towns() -> Term:
    load_college(two_towns())
    return Term.objects.get(key=TERM_KEY)


def coordinator(username: str = "coordinator") -> User:
    return User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)


def solve_now(term_id: int, **options: object) -> SolveJob:
    """Start a solve and run it in this process (as the ``solve`` command does); the finished job."""
    options.setdefault("time_limit", 5)
    job = start_solve(term_id, enqueue=False, **options)  # type: ignore[arg-type]
    return run_solve(job.pk)


def assert_verified(timetable: Timetable, *, previous: int | None = None) -> None:
    """What every solving test asserts: the saved version breaks no hard rule and the objectives agree."""
    problem = build_problem(timetable.term_id, previous=previous)
    report = verify(problem, saved_assignments(timetable.pk, problem), unplaced=timetable.unplaced_keys)
    assert report.violations == ()
    assert report.objective == timetable.objective
    assert dict(report.penalties) == timetable.penalties


def run_worker(**options: object) -> threading.Thread:
    """django-tasks-db's own worker in a thread, in batch mode: it runs every queued task, then ends."""

    def work() -> None:
        try:
            Worker(
                queue_names=["default"],
                interval=0.05,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=options.get("max_tasks"),  # type: ignore[arg-type]
                worker_id="test-worker",
                excluded_queue_names=[],
            ).run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name="test-worker", daemon=True)
    thread.start()
    return thread


def wait_for(condition: Callable[[], object], *, seconds: float = 30.0, what: str = "condition") -> object:
    """Poll ``condition`` until it returns something truthy; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def load_busy_community() -> Term:
    """One generated community (37 groups, 1,200 residents) that keeps improving for many seconds."""
    load_college(generate_college(seed=1, communities=1, groups=40, venues=12, teachers=30, residents=1200))
    return Term.objects.get()
