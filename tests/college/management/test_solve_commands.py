"""``manage.py solve`` and ``manage.py publish``: a progress bar, clear errors, the same workflow as the pages."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from college.domain.solving import start_solve
from college.management.commands.solve import Command as SolveCommand
from college.models import InterestGroup, SolveJob, Timetable, TimetableStatus
from tests.college.workflow import assert_verified, load_two_towns, solve_now

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str, **options: object) -> str:
    out = io.StringIO()
    with override("en"):
        call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_solve_shows_progress_saves_and_publishes_a_verified_version() -> None:
    term = load_two_towns()
    output = run("solve", term.key, "--time-limit", "5", "--publish")
    timetable = Timetable.objects.get()
    assert output.splitlines()[0] == f"Solving 2026年春季学期 (job {SolveJob.objects.get().pk}, at most 5 s) …"
    assert any(line.startswith("[") and " bound " in line for line in output.splitlines())
    assert f"Saved version 1 (timetable {timetable.pk}): 8 sessions, objective 6, gap 0.0%" in output
    assert output.splitlines()[-1] == "Published version 1."
    assert timetable.status == TimetableStatus.PUBLISHED
    assert_verified(timetable, previous=None)


def test_solve_of_an_unknown_term_lists_the_known_ones() -> None:
    load_two_towns()
    with pytest.raises(CommandError, match=r"^No term 'autumn'. Known terms: 2026-spring \(2026年春季学期\).$"):
        run("solve", "autumn")


def test_solve_while_another_solve_of_the_term_is_active_is_refused() -> None:
    term = load_two_towns()
    start_solve(term.pk)
    with pytest.raises(CommandError, match="is already queued .* wait for it to finish or stop it"):
        run("solve", term.key)
    assert Timetable.objects.count() == 0


def test_solve_with_an_impossible_group_saves_the_rest_and_prints_why_the_group_is_left_out() -> None:
    term = load_two_towns()
    InterestGroup.objects.filter(key="choir").update(max_size=60)
    output = run("solve", term.key, "--time-limit", "5")
    timetable = Timetable.objects.get()
    assert f"Saved version 1 (timetable {timetable.pk}): 7 sessions" in output
    assert "Not scheduled: 合唱. 合唱 needs a venue in 东湖社区 with at least 60 seats: none has all of that." in output
    assert timetable.unplaced_keys == ("choir",)
    assert_verified(timetable)
    published = run("publish", f"{term.key}:1")
    assert published.splitlines()[-1] == (
        "Not scheduled in this version: 合唱. "
        "合唱 needs a venue in 东湖社区 with at least 60 seats: none has all of that."
    )


def test_a_solve_that_ended_without_a_timetable_prints_its_reasons_in_the_readers_language() -> None:
    term = load_two_towns()
    job = start_solve(term.pk, enqueue=False, time_limit=5)
    no_cause = {"code": "explain.no_cause", "ids": {}, "numbers": {}}
    SolveJob.objects.filter(pk=job.pk).update(status="infeasible", message="Nothing.", explanation=[no_cause])
    err = io.StringIO()
    with override("zh-hans"), pytest.raises(CommandError, match=r"^No timetable \(无解\): Nothing.$"):
        SolveCommand(stdout=io.StringIO(), stderr=err).report(SolveJob.objects.get(pk=job.pk), publish_it=False)
    assert err.getvalue().startswith("- 在给定时间内没有找到课表，也没有找出单一原因")


def test_solve_with_a_time_limit_of_zero_is_refused() -> None:
    term = load_two_towns()
    with pytest.raises(CommandError, match="The time limit must be more than 0 and at most 3600 seconds, not 0.0."):
        run("solve", term.key, "--time-limit", "0")


def test_publish_by_term_and_version_archives_the_old_one_and_sums_up_the_change() -> None:
    term = load_two_towns()
    solve_now(term.pk)
    solve_now(term.pk)
    run("publish", f"{term.key}:1")
    output = run("publish", f"{term.key}:2")
    assert output.splitlines() == [
        "Published 2026年春季学期, version 2.",
        "Archived version 1. Compared with it: 0 sessions moved, 0 added, 0 removed; "
        "0 residents and 0 teachers touched.",
    ]
    statuses = list(Timetable.objects.order_by("version").values_list("status", flat=True))
    assert statuses == ["archived", "published"]


def test_publish_of_a_missing_version_names_the_versions_that_exist() -> None:
    term = load_two_towns()
    solve_now(term.pk)
    with pytest.raises(CommandError, match=r"^2026年春季学期 has no version 7. Its versions: 1.$"):
        run("publish", f"{term.key}:7")
    with pytest.raises(CommandError, match="No timetable 'latest': give its id, or TERM:VERSION"):
        run("publish", "latest")


def test_publishing_the_published_version_again_is_refused() -> None:
    term = load_two_towns()
    timetable = solve_now(term.pk).timetable
    run("publish", str(timetable.pk))
    with pytest.raises(CommandError, match="is already published"):
        run("publish", str(timetable.pk))


def test_background_solve_follows_the_worker_and_reports_the_saved_version() -> None:
    import threading

    from tests.college.workflow import run_worker

    term = load_two_towns()
    out = io.StringIO()
    started: list[threading.Thread] = []
    later = threading.Timer(1.0, lambda: started.append(run_worker()))  # starts once the command waits
    later.start()
    with override("en"):
        call_command("solve", term.key, "--background", "--time-limit", "5", stdout=out)
    later.join()
    started[0].join(timeout=30)
    assert "Saved version 1" in out.getvalue()
    assert Timetable.objects.get().solve_jobs.get().worker == "test-worker"
