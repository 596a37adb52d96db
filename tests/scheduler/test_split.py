"""Independent parts of a problem: what couples two groups, and one solution joined from the parts'."""

from __future__ import annotations

from dataclasses import replace

from scheduler import Solution, Status
from scheduler.split import components, merge, split
from scheduler.verify import verify
from tests.scheduler.builders import group, problem, resident, solved, teacher, venue


def two_communities(**kw: object) -> dict[str, object]:
    """Two communities with a venue and a teacher each, and one group in each."""
    return dict(
        communities=("c1", "c2"),
        venues=(venue("v1", "c1"), venue("v2", "c2")),
        teachers=(teacher("t1", "c1"), teacher("t2", "c2")),
        groups=(group("g1", "t1", community="c1"), group("g2", "t2", community="c2")),
        **kw,
    )


def test_components_of_groups_sharing_nothing_are_separate() -> None:
    assert components(problem(**two_communities())) == [["g1"], ["g2"]]


def test_components_join_groups_of_one_teacher() -> None:
    p = problem(
        communities=("c1", "c2"),
        venues=(venue("v1", "c1"), venue("v2", "c2")),
        groups=(group("g1", "t1", community="c1"), group("g2", "t1", community="c2")),
    )
    assert components(p) == [["g1", "g2"]]


def test_components_join_groups_that_could_meet_in_one_venue() -> None:
    p = problem(teachers=(teacher("t1"), teacher("t2")), groups=(group("g1", "t1"), group("g2", "t2")))
    assert components(p) == [["g1", "g2"]]


def test_components_join_groups_with_a_resident_in_common() -> None:
    p = problem(**two_communities(residents=(resident("r1", "g1", "g2"),)))
    assert components(p) == [["g1", "g2"]]


def test_split_parts_keep_only_their_own_venues_teachers_and_residents() -> None:
    p = problem(**two_communities(residents=(resident("r1", "g1"), resident("r2", "g2", community="c2"))))
    first, second = split(p)
    assert ([v.id for v in first.venues], [t.id for t in first.teachers], [r.id for r in first.residents]) == (
        ["v1"],
        ["t1"],
        ["r1"],
    )
    assert ([v.id for v in second.venues], [t.id for t in second.teachers], [r.id for r in second.residents]) == (
        ["v2"],
        ["t2"],
        ["r2"],
    )


def test_merged_solutions_of_the_parts_verify_against_the_whole_problem() -> None:
    p = problem(**two_communities(residents=(resident("r1", "g1"), resident("r2", "g2", community="c2"))))
    merged = merge([solved(part) for part in split(p)])
    report = verify(p, merged)
    assert (merged.status, report.violations, report.objective) == (Status.OPTIMAL, (), merged.objective)
    assert sorted(a.group for a in merged.assignments) == ["g1", "g2"]


def test_merge_with_an_infeasible_part_is_infeasible_with_its_explanation() -> None:
    good = solved(problem())
    bad = Solution(Status.INFEASIBLE, explanation=("Teacher t2 must teach 3 sessions but may teach at most 2.",))
    merged = merge([good, bad])
    assert (merged.status, merged.explanation, merged.assignments) == (Status.INFEASIBLE, bad.explanation, ())


def test_merge_with_one_stopped_part_is_stopped_and_keeps_every_session() -> None:
    one, two = solved(problem()), solved(problem(groups=(group("g2"),)))
    stopped = Solution(Status.STOPPED, two.assignments, two.objective, two.bound, two.penalties)
    merged = merge([one, stopped])
    assert (merged.status, len(merged.assignments), merged.objective) == (
        Status.STOPPED,
        2,
        (one.objective or 0) + (two.objective or 0),
    )


def test_components_join_the_groups_of_a_cohort_an_apart_and_a_together_set() -> None:
    from scheduler.problem import Apart, Cohort

    p = problem(
        communities=("c1", "c2", "c3"),
        venues=tuple(venue(f"v{i}", f"c{i}") for i in (1, 2, 3)),
        teachers=tuple(teacher(f"t{i}", "c1") for i in range(1, 7)),
        groups=tuple(group(f"g{i}", f"t{i}", community=f"c{(i + 1) // 2}") for i in range(1, 7)),
    )
    assert components(p) == [["g1", "g2"], ["g3", "g4"], ["g5", "g6"]]  # shared venue per community
    joined = replace(p, cohorts=(Cohort("k", "cohort", ("g1", "g3")),), apart=(Apart("a", ("g4", "g5")),))
    assert components(joined) == [["g1", "g2", "g3", "g4", "g5", "g6"]]
    assert components(replace(p, together=(("g2", "g6"),))) == [["g1", "g2", "g5", "g6"], ["g3", "g4"]]
