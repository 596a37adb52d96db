"""Public feeds as files for the front web server: the same bytes as the feed URLs, written atomically after
commit, rewritten only when their bytes change, and re-rendered by every kind of change that alters them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from college.domain.calendar.files import write_feeds
from college.domain.calendar.occurrences import cancel_occurrence
from college.models import Closure, Community, InterestGroup, MakeUpDay, Teacher, Term, Timetable, Venue
from tests.college.calendar.factories import Slot, make_autumn_term, publish, session_of

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def root(settings: object, tmp_path: Path) -> Path:
    settings.FEEDS_ROOT = str(tmp_path / "feeds")  # type: ignore[attr-defined]
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]  # a publish's many feeds queue a task: run it here
    return tmp_path / "feeds"


@pytest.fixture
def autumn(root: Path) -> Iterator[Term]:
    term = make_autumn_term()
    publish(term)
    write_feeds()
    yield term


def served(path: str) -> bytes:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content


def test_every_public_feed_is_a_file_with_the_bytes_its_url_answers(autumn: Term, root: Path) -> None:
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.ics"))
    assert files == ["community/dazhu.ics", "community/xiaozhu.ics", "group/sketch.ics", "group/taichi.ics",
                     "group/tea.ics", "venue/dz-room.ics", "venue/xz-elderly.ics", "venue/xz-plaza.ics"]  # fmt: skip
    for path in files:
        assert (root / path).read_bytes() == served(f"/feeds/{path}")
    last_modified = Client().get("/feeds/group/taichi.ics")["Last-Modified"]
    assert last_modified == "Thu, 20 Aug 2026 10:00:00 GMT"
    assert (root / "group/taichi.ics").stat().st_mtime == dt.datetime(2026, 8, 20, 10, tzinfo=dt.UTC).timestamp()


def test_unchanged_bytes_are_not_rewritten(autumn: Term, root: Path) -> None:
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*.ics")}
    assert dict(write_feeds()) == {"unchanged": 8}
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*.ics")} == before


def test_a_file_is_replaced_whole_so_a_reader_never_sees_half_of_it(
    autumn: Term, root: Path, django_capture_on_commit_callbacks
) -> None:
    path = root / "group/taichi.ics"
    reader = path.open("rb")  # a web server in the middle of sending the old file
    old = path.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        InterestGroup.objects.get(key="taichi").save()  # nothing changed: nothing written
    assert path.read_bytes() == old
    with django_capture_on_commit_callbacks(execute=True):
        group = InterestGroup.objects.get(key="taichi")
        group.name = "太极拳进阶班"
        group.save()
    assert reader.read() == old  # the old file, whole, for whoever had it open
    reader.close()
    assert "太极拳进阶班".encode() in path.read_bytes()
    assert sorted(p.name for p in path.parent.iterdir()) == ["sketch.ics", "taichi.ics", "tea.ics"]  # no temporary left


def test_nothing_is_written_before_the_change_commits(
    autumn: Term, root: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Venue.objects.filter(key="dz-room").update(name="x")  # a bulk write sends no signal
        venue = Venue.objects.get(key="dz-room")
        venue.name = "大竹公司大会议室"
        venue.save()
        assert "大竹公司大会议室".encode() not in (root / "venue/dz-room.ics").read_bytes()
    for callback in callbacks:
        callback()
    assert "大竹公司大会议室".encode() in (root / "venue/dz-room.ics").read_bytes()


def _rename_group() -> None:
    group = InterestGroup.objects.get(key="taichi")
    group.name = "太极拳进阶班"
    group.save()


def _rename_venue(term: Term) -> None:
    venue = Venue.objects.get(key="xz-plaza")
    venue.name = "小竹文化广场"
    venue.save()


def _rename_teacher(term: Term) -> None:
    teacher = Teacher.objects.get(key="wang")
    teacher.name = "王春华老师"
    teacher.save()


def _rename_community(term: Term) -> None:
    community = Community.objects.get(key="xiaozhu")
    community.name = "小竹新村"
    community.save()


def _cancel(term: Term) -> None:
    cancel_occurrence(session_of(term, "taichi").pk, dt.date(2026, 9, 14), "王老师出差")


def _closure(term: Term) -> None:
    Closure.objects.create(term=term, date=dt.date(2026, 9, 21), reason="停电")


def _make_up_day(term: Term) -> None:
    MakeUpDay.objects.create(term=term, date=dt.date(2027, 1, 9), weekday=0, reason="补周一的课")  # a Saturday


def _publish(term: Term) -> None:
    publish(term, [Slot("taichi", 1, 1, 9 * 60, 10 * 60 + 30, "xz-plaza"), Slot("tea", 1, 2, 19 * 60, 21 * 60,
                                                                                 "dz-room")])  # fmt: skip


def _roll_back(term: Term) -> None:
    first = Timetable.objects.get(term=term, version=1)
    first.status = "published"
    Timetable.objects.filter(term=term, status="published").update(status="archived")
    first.save()


CHANGES: dict[str, tuple[Callable[[Term], None], str]] = {
    "group renamed": (lambda term: _rename_group(), "group/taichi.ics"),
    "venue renamed": (_rename_venue, "venue/xz-plaza.ics"),
    "teacher renamed": (_rename_teacher, "community/xiaozhu.ics"),
    "community renamed": (_rename_community, "community/xiaozhu.ics"),
    "one-off change": (_cancel, "venue/xz-elderly.ics"),
    "closure": (_closure, "group/taichi.ics"),
    "make-up day": (_make_up_day, "community/xiaozhu.ics"),
    "publish": (_publish, "group/taichi.ics"),
    "rollback": (_roll_back, "venue/xz-plaza.ics"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_each_kind_of_change_rewrites_the_files_it_alters(
    autumn: Term, root: Path, change: str, django_capture_on_commit_callbacks
) -> None:
    action, path = CHANGES[change]
    if change == "rollback":  # version 2 is published (its files written), then version 1 comes back
        with django_capture_on_commit_callbacks(execute=True):
            _publish(autumn)
    before = (root / path).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        action(autumn)
    after = (root / path).read_bytes()
    assert after != before
    for file in root.rglob("*.ics"):
        assert file.read_bytes() == served(f"/feeds/{file.relative_to(root)}")


def test_deleting_a_term_with_many_closures_queues_one_refresh(
    autumn: Term, root: Path, settings: object, django_capture_on_commit_callbacks
) -> None:
    for day in (14, 15, 16, 17, 18):
        Closure.objects.create(term=autumn, date=dt.date(2026, 9, day), reason="场地维修")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        Term.objects.filter(pk=autumn.pk).delete()
    queued = DBTaskResult.objects.filter(task_path__endswith="write_public_feeds")
    assert queued.count() == 1
    assert queued.get().args_kwargs["args"] == [None]  # every feed: the term's sessions are gone from all of them


def test_a_deleted_owner_loses_its_file(autumn: Term, root: Path, django_capture_on_commit_callbacks) -> None:
    assert (root / "group/sketch.ics").exists()  # never published: an empty calendar
    with django_capture_on_commit_callbacks(execute=True):
        InterestGroup.objects.get(key="sketch").delete()
    assert not (root / "group/sketch.ics").exists()
    assert Client().get("/feeds/group/sketch.ics").status_code == 404


def test_write_feeds_command_writes_every_file_and_removes_strays(autumn: Term, root: Path) -> None:
    (root / "group/gone.ics").write_bytes(b"BEGIN:VCALENDAR\r\n")
    (root / "group/taichi.ics").unlink()
    out = call_command_output("write_feeds")
    assert out == f"Feed files in {root}: 1 written, 7 unchanged, 1 removed.\n"
    assert not (root / "group/gone.ics").exists()
    assert (root / "group/taichi.ics").read_bytes() == served("/feeds/group/taichi.ics")


def call_command_output(name: str) -> str:
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_without_feeds_root_no_file_is_written(settings: object, tmp_path: Path) -> None:
    settings.FEEDS_ROOT = ""  # type: ignore[attr-defined]
    publish(make_autumn_term())
    assert dict(write_feeds()) == {}
    assert os.listdir(tmp_path) == []
