"""ITC-2007 Track 3: the reader, the writer, our ITC cost (hand-computed on a toy instance) and the engine's
verifier agreeing with it, the staged instances read as their headers say, and solving a toy instance."""

from __future__ import annotations

import csv
import re

import pytest

from bench.itc2007.cost import cost
from bench.itc2007.ctt import CttError, Lecture, read_ctt, read_solution, write_solution
from bench.itc2007.mapping import to_assignments, to_lectures, to_problem
from scheduler.phases.pipeline import solve_in_phases
from scheduler.search.one_model import solve
from scheduler.verify.timetable import verify
from tests.bench.staged import ITC2007, needs_itc2007

TOY = """Name: Toy
Courses: 3
Rooms: 2
Days: 2
Periods_per_day: 3
Curricula: 1
Constraints: 1

COURSES:
cA tA 3 2 30
cB tB 2 2 50
cC tA 1 1 10

ROOMS:
rBig 40
rSmall 20

CURRICULA:
q1 2 cA cB

UNAVAILABILITY_CONSTRAINTS:
cC 0 0

END.
"""

# Day 0: cA cA cB (compact); day 1: cA _ cB (two isolated lectures of q1), cC beside cA's teacher's lecture.
SPREAD = """cA rBig 0 0
cA rSmall 0 1
cA rBig 1 0
cB rBig 0 2
cB rSmall 1 2
cC rSmall 1 1
"""

# cA all on day 0, cB both on day 1: compact and one room each, but too few days.
BUNCHED = """cA rBig 0 0
cA rBig 0 1
cA rBig 0 2
cB rBig 1 0
cB rBig 1 1
cC rSmall 1 2
"""

STAGED = ITC2007
needs_staged = needs_itc2007


def test_toy_instance_reads_courses_rooms_curricula_and_unavailability() -> None:
    toy = read_ctt(TOY)
    assert (toy.name, toy.days, toy.periods_per_day, toy.periods, toy.lectures) == ("Toy", 2, 3, 6, 6)
    assert [(c.id, c.teacher, c.lectures, c.min_days, c.students) for c in toy.courses] == [
        ("cA", "tA", 3, 2, 30),
        ("cB", "tB", 2, 2, 50),
        ("cC", "tA", 1, 1, 10),
    ]
    assert [(r.id, r.capacity) for r in toy.rooms] == [("rBig", 40), ("rSmall", 20)]
    assert [(q.id, q.courses) for q in toy.curricula] == [("q1", ("cA", "cB"))]
    assert toy.unavailable == (("cC", 0, 0),)


def test_spread_solution_costs_what_the_itc_rules_say_by_hand() -> None:
    toy = read_ctt(TOY)
    c = cost(toy, read_solution(SPREAD))
    assert c.violations == 0
    # capacity: cA in rSmall 30-20=10; cB in rBig 50-40=10 and in rSmall 50-20=30 → 50
    # compactness: day 1 has cA at 0 and cB at 2, each alone in q1 → 2 isolated × 2 = 4
    # stability: cA and cB each use two rooms → 2
    assert (c.room_capacity, c.min_working_days, c.curriculum_compactness, c.room_stability) == (50, 0, 4, 2)
    assert c.total == 56


def test_bunched_solution_pays_five_per_missing_working_day() -> None:
    c = cost(read_ctt(TOY), read_solution(BUNCHED))
    # capacity: cB twice in rBig, 10 each → 20; cA and cB each one day short of 2 → 2 × 5 = 10
    assert (c.room_capacity, c.min_working_days, c.curriculum_compactness, c.room_stability) == (20, 10, 0, 0)
    assert (c.violations, c.total) == (0, 30)


@pytest.mark.parametrize("text", [SPREAD, BUNCHED])
def test_engine_verifier_with_itc_weights_agrees_with_the_itc_cost(text: str) -> None:
    toy = read_ctt(TOY)
    problem = to_problem(toy)
    report = verify(problem, to_assignments(problem, read_solution(text)))
    c = cost(toy, read_solution(text))
    by_rule = {
        "overflow": c.room_capacity,
        "min_days": c.min_working_days,
        "isolated": c.curriculum_compactness,
        "same_venue": c.room_stability,
    }
    assert report.violations == ()
    assert {rule: report.penalties[rule] for rule in by_rule} == by_rule
    assert report.objective == c.total


def test_hard_violations_are_counted_by_both_the_itc_cost_and_the_engine() -> None:
    toy = read_ctt(TOY)
    broken = SPREAD.replace("cC rSmall 1 1", "cC rSmall 0 0").replace("cB rBig 0 2", "cB rSmall 0 1")
    c = cost(toy, read_solution(broken))
    # cC at its unavailable period 0/0 (and with cA, same teacher); cB beside cA of q1 at 0/1, in cA's room
    assert (c.lectures, c.conflicts, c.availability, c.room_occupation) == (0, 2, 1, 1)
    problem = to_problem(toy)
    rules = sorted({v.rule for v in verify(problem, to_assignments(problem, read_solution(broken))).violations})
    assert rules == ["blocked", "cohort_clash", "teacher_conflict", "venue_conflict"]


def test_solution_lines_round_trip_through_the_writer() -> None:
    lectures = read_solution(SPREAD)
    assert read_solution(write_solution(lectures)) == tuple(sorted(lectures))
    assert write_solution([Lecture("c1", "r1", 4, 5)]) == "c1 r1 4 5\n"


def test_header_count_that_does_not_match_is_refused_naming_the_section() -> None:
    with pytest.raises(CttError, match="header says Rooms: 3 but the file lists 2"):
        read_ctt(TOY.replace("Rooms: 2", "Rooms: 3"))
    with pytest.raises(CttError, match="curriculum q1 names unknown course"):
        read_ctt(TOY.replace("q1 2 cA cB", "q1 2 cA cZ"))
    with pytest.raises(CttError, match="solution line 1"):
        read_solution("cA rBig 0\n")


def test_engine_solves_the_toy_instance_and_both_costs_agree() -> None:
    toy = read_ctt(TOY)
    problem = to_problem(toy)
    for solution in (solve(problem, time_limit=5, workers=1), solve_in_phases(problem, time_limit=3, workers=1)):
        report = verify(problem, solution)
        itc = cost(toy, to_lectures(solution.assignments))
        assert (report.violations, itc.violations) == ((), 0)
        assert report.objective == itc.total == solution.objective
        assert itc.total <= 30  # at least as good as the hand-made BUNCHED timetable


@needs_staged
def test_staged_instances_read_as_their_headers_and_sizes_say() -> None:
    with (STAGED / "instance_stats.csv").open(encoding="utf-8") as f:
        stats = {row["instance"]: row for row in csv.DictReader(f)}
    names = sorted(p.stem for p in (STAGED / "ctt").glob("*.ctt"))
    assert names == ["comp01", "comp02", "comp03", "comp04", "comp05", "comp06", "comp07"]
    for name in names:
        inst, row = read_ctt(STAGED / "ctt" / f"{name}.ctt"), stats[name]
        found = (inst.name, len(inst.courses), len(inst.rooms), inst.days, inst.periods_per_day)
        assert found == (row["original_name"], int(row["courses"]), int(row["rooms"]), int(row["days"]),
                         int(row["periods_per_day"]))  # fmt: skip
        assert (len(inst.curricula), len(inst.unavailable), inst.lectures) == (
            int(row["curricula"]),
            int(row["unavailability_constraints"]),
            int(row["lectures"]),
        )


@needs_staged
def test_comp01_reads_thirty_courses_six_rooms_fourteen_curricula() -> None:
    comp01 = read_ctt(STAGED / "ctt" / "comp01.ctt")
    assert (len(comp01.courses), len(comp01.rooms), len(comp01.curricula), len(comp01.unavailable)) == (30, 6, 14, 53)
    assert comp01.courses[0] == type(comp01.courses[0])("c0001", "t000", 6, 4, 130)
    problem = to_problem(comp01)
    assert (len(problem.groups), len(problem.venues), len(problem.cohorts), len(problem.slots)) == (30, 6, 14, 30)


@needs_staged
def test_the_benchmark_ends_with_one_summary_line_of_every_instance(capsys: pytest.CaptureFixture[str]) -> None:
    from bench.itc2007.__main__ import main

    main(["comp01", "--time-limit", "4", "--workers", "1"])
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("summary: ")
    assert " at 4 s, seed 0, 1 workers, load " in last
    assert re.search(r": comp01=(\d+/5|none)$", last)
