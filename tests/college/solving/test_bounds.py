"""A term's bound proven in the background for its exact problem: reported by the solves of that problem, never by
a solve of changed inputs, and never above what a timetable scores."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from college.derived.models import ProblemBound
from college.domain.solving import run_solve, start_solve
from college.domain.solving.bounds import bound_term
from college.models import InterestGroup
from tests.college.pages.conftest import coordinator
from tests.college.pages.html import text
from tests.college.workflow import assert_verified, load_busy_community, load_two_towns, solve_now

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bound_proven_in_the_background_raises_the_next_solves_bound_and_the_dashboard_says_so() -> None:
    term = load_busy_community()
    first = solve_now(term.pk, time_limit=1)
    stored = bound_term(term.pk, seconds=60)
    again = solve_now(term.pk, time_limit=1)  # a re-plan of the first version: pins and moves aside, the same problem
    assert_verified(again.timetable, previous=first.timetable_id)
    assert stored is not None and stored.method == "lp" and 0 < stored.value <= again.objective
    assert (again.bound, again.bound_method, again.timetable.bound) == (stored.value, "lp", stored.value)
    assert first.bound < stored.value  # what a one-second solve proves itself is far weaker
    assert bound_term(term.pk, seconds=60).computed_at == stored.computed_at  # a new version: nothing to work out
    out = io.StringIO()
    call_command("solve", term.key, "--time-limit", "1", stdout=out, stderr=io.StringIO())
    assert "(to the background bound, lp)" in out.getvalue()  # the command says it too
    api = Client(headers={"Accept-Language": "en"})
    api.force_login(coordinator("district"))
    jobs = {j["id"]: j for j in api.get("/api/v1/solve-jobs", {"term": term.pk}).json()["items"]}
    assert (jobs[again.pk]["bound_method"], jobs[first.pk]["bound_method"]) == ("lp", "")
    assert jobs[again.pk]["bound_note"].startswith("The bound was proven in the background for exactly this data")
    assert jobs[first.pk]["bound_note"] == "The bound is what this solve proved in its time."
    client = Client()
    client.force_login(coordinator("district"))
    page = text(client.get(f"/coordinate/terms/{term.key}/"))
    assert "下界由后台针对这份数据专门证明（带团割的线性松弛），高于这次排课在时限内自己证明的下界。" in page


def test_a_changed_input_leaves_the_stored_bound_unused_until_it_is_worked_out_again() -> None:
    term = load_two_towns()
    first = solve_now(term.pk, time_limit=60)  # proven optimal: no bound of its problem can be higher
    stored = bound_term(term.pk, seconds=4)
    assert stored is not None and 0 < stored.value <= first.objective
    ProblemBound.objects.filter(pk=stored.pk).update(value=10**9)  # would show at once if it were taken
    InterestGroup.objects.update(max_size=F("max_size") + 1)  # every group's venue-size penalty changes
    changed = solve_now(term.pk, time_limit=60)
    assert_verified(changed.timetable, previous=first.timetable_id)
    assert changed.bound <= changed.objective and changed.bound_method == ""
    again = bound_term(term.pk, seconds=4)
    assert again.fingerprint != stored.fingerprint and 0 < again.value <= changed.objective
    client = Client()
    client.force_login(coordinator("district"))
    assert "下界是这次排课在时限内自己证明的。" in text(client.get(f"/coordinate/terms/{term.key}/"))


@override_settings(SOLVE_BOUND_TIME_LIMIT=30)
def test_a_saved_version_queues_the_background_bound_which_never_runs_beside_a_solve_of_the_term() -> None:
    term = load_two_towns()
    job = start_solve(term.pk, time_limit=5)
    assert bound_term(term.pk, seconds=2) is None  # a district's blocks need the workers: its end asks again
    assert ProblemBound.objects.count() == 0
    run_solve(job.pk)
    queued = list(DBTaskResult.objects.values_list("task_path", "args_kwargs", "priority"))  # in the worker's order
    assert queued == [
        ("college.tasks.solve_term", {"args": [job.pk], "kwargs": {}}, 0),
        ("college.tasks.bound_term", {"args": [term.pk], "kwargs": {}}, -50),
    ]
